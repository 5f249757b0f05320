package io.nhp.service.kafka;

import io.nhp.service.ProblemException;
import io.nhp.service.kafka.StoreQueries.Result;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * What an interactive query's {@link Result} means to an HTTP client, the same in every resource that answers from
 * a store: the value; the answer of the instance that holds the key ({@link StoreForwarding}); a 503 while the store
 * is loading; or nothing, which each endpoint answers its own way (a 404 naming what is missing, or an empty answer).
 */
public final class StoreAnswers {

    /** How long a client is asked to wait while a store is restored or rebalanced. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private StoreAnswers() {
    }

    /**
     * The value found, or empty when there is none. Another instance holding the key is thrown as {@link HeldElsewhere}
     * with the same path and query on that instance ({@code request}: the URI the client asked for), which
     * {@link StoreForwarding} answers with that instance's answer; a store not ready yet as a 503
     * problem with {@code Retry-After}, whose detail says "{@code what} are still loading" ({@code what}: the
     * store's contents as the client knows them, in the plural, e.g. "fleet counts").
     */
    public static <V> Optional<V> value(Result<V> result, URI request, String what) {
        if (result instanceof Result.Found<V> found) {
            return Optional.of(found.value());
        }
        if (result instanceof Result.Elsewhere<V> elsewhere) {
            throw new HeldElsewhere(elsewhere.at(request));
        }
        if (result instanceof Result.NotReady<V>) {
            throw ProblemException.unavailable(what + " are still loading; try again in a few seconds", RETRY_AFTER);
        }
        return Optional.empty();
    }
}
