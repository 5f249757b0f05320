package io.nhp.contracts.events;

import java.time.Instant;

/** What every event on every topic carries: a unique id (for de-duplication) and the time it happened. */
public interface Event {

    String eventId();

    Instant eventTime();
}
