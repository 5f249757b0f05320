package io.nhp.service.kafka;

import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * The refresh of gauges read from this instance's part of Kafka Streams stores (each key is held by exactly one
 * instance, so the series of all instances add up). A service's gauges bean schedules it with these constants
 * ({@code @Scheduled(every = StoreGauges.EVERY, delayed = StoreGauges.FIRST_AFTER, concurrentExecution = SKIP)}:
 * Quarkus does not inherit a {@code @Scheduled} method) and reads its stores in {@link #refresh}.
 */
public final class StoreGauges {

    /** How often the gauges are read again: {@code nhp.metrics.gauge-refresh}, 5 s unless set. */
    public static final String EVERY = "${nhp.metrics.gauge-refresh:5s}";
    /** The first read, once the Streams client has had a moment to start. */
    public static final String FIRST_AFTER = "5s";

    private StoreGauges() {
    }

    /**
     * Runs {@code read}, which reads the stores and registers the gauges' rows. A store that stops answering during
     * the read (the client starting, rebalancing or stopping) ends it: the gauges not registered yet keep their last
     * values until the stores answer again. Any other failure is thrown.
     */
    public static void refresh(Runnable read) {
        try {
            read.run();
        } catch (InvalidStateStoreException e) {
            // starting or rebalancing: a passing state, which the next refresh reads past
        }
    }
}
