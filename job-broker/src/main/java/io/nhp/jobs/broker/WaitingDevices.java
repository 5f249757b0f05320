package io.nhp.jobs.broker;

import io.nhp.jobs.domain.Lease;
import io.vertx.core.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongPredicate;

/**
 * Devices in a long poll, by partner, one per device (its newest poll), each until its wait ends. Work goes to the
 * longest waiting first, and to devices whose answer can go out at once before those that handed in results not yet
 * in Kafka: those are answered only after the next commit, and a job leased to one of them would wait for that
 * commit rather than go to a device that is free. Used by the broker thread only.
 */
final class WaitingDevices {

    /**
     * A device waiting for work; {@code resultsIn}: the batch that holds the results it handed in (0: none);
     * {@code caller}: its request's Vert.x context (null off an event loop).
     */
    record Waiter(String deviceId, String partner, Set<String> taskTypes, int want, Instant until,
                  long resultsIn, Context caller, CompletableFuture<List<Lease>> answer) {
    }

    private final Map<String, LinkedHashMap<String, Waiter>> byPartner = new HashMap<>();
    private final PriorityQueue<Waiter> deadlines = new PriorityQueue<>(Comparator.comparing(Waiter::until));

    /** Takes the device's earlier waiter, if one is still waiting, out of the queue (its deadline goes when due). */
    Waiter remove(String partner, String deviceId) {
        var queue = byPartner.get(partner);
        return queue == null ? null : queue.remove(deviceId);
    }

    /** Queues a waiter behind the partner's others (after {@link #remove} of the device's earlier one). */
    void add(Waiter waiter) {
        byPartner.computeIfAbsent(waiter.partner(), p -> new LinkedHashMap<>()).put(waiter.deviceId(), waiter);
        deadlines.add(waiter);
    }

    /**
     * Offers the partner's waiters work, those whose answer can go out now ({@code durable} tells whether the batch
     * of a waiter's results is in Kafka) first, each group in the order they came: {@code lease} gives a waiter what
     * fits it (nothing: it keeps waiting), and a waiter leased something leaves the queue for {@code answer}. Waiters
     * already answered (hung up, superseded) are dropped on the way.
     */
    void serve(String partner, LongPredicate durable, Function<Waiter, List<Lease>> lease,
               BiConsumer<Waiter, List<Lease>> answer) {
        var queue = byPartner.get(partner);
        if (queue != null) {
            serve(queue, true, durable, lease, answer);
            serve(queue, false, durable, lease, answer);
        }
    }

    /** One round: the waiters answerable at once, or (the second) those that are not. */
    private static void serve(LinkedHashMap<String, Waiter> queue, boolean answerableNow, LongPredicate durable,
                              Function<Waiter, List<Lease>> lease, BiConsumer<Waiter, List<Lease>> answer) {
        for (Iterator<Waiter> it = queue.values().iterator(); it.hasNext(); ) {
            Waiter waiter = it.next();
            if (waiter.answer().isDone()) {
                it.remove();
                continue;
            }
            if (answerableNow != durable.test(waiter.resultsIn())) {
                continue; // the other round's (a waiter the first round left found nothing that fits it)
            }
            List<Lease> leased = lease.apply(waiter);
            if (!leased.isEmpty()) {
                it.remove();
                answer.accept(waiter, leased);
            }
        }
    }

    /**
     * Hands each waiter still waiting whose wait is over by {@code now} to {@code over}, and forgets it; the deadlines
     * of waiters served or superseded meanwhile are simply dropped (they were answered then).
     */
    void endWaits(Instant now, Consumer<Waiter> over) {
        while (!deadlines.isEmpty() && !deadlines.peek().until().isAfter(now)) {
            Waiter waiter = deadlines.poll();
            var queue = byPartner.get(waiter.partner());
            if (queue != null && queue.remove(waiter.deviceId(), waiter)) {
                over.accept(waiter);
            }
        }
    }

    /** Every waiter still held (answered or not), forgetting them all. */
    List<Waiter> drain() {
        List<Waiter> all = new ArrayList<>(deadlines);
        deadlines.clear();
        byPartner.clear();
        return all;
    }

    /** The partners with devices waiting (or that had some). */
    Set<String> partners() {
        return byPartner.keySet();
    }

    /** How many devices of each partner are waiting. */
    Map<String, Integer> counts() {
        Map<String, Integer> counts = new HashMap<>();
        byPartner.forEach((partner, queue) -> counts.put(partner, queue.size()));
        return counts;
    }
}
