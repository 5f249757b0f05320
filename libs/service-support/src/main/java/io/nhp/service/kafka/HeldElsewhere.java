package io.nhp.service.kafka;

import java.net.URI;

/**
 * A store query's key is held by another instance of the service: the request is answered with that instance's
 * answer to the same request ({@link StoreForwarding}), at {@code target} (the same path and query there).
 */
public final class HeldElsewhere extends RuntimeException {

    private final transient URI target;

    public HeldElsewhere(URI target) {
        super("held by " + target.getAuthority(), null, false, false); // a routing answer: no stack trace wanted
        this.target = target;
    }

    public URI target() {
        return target;
    }
}
