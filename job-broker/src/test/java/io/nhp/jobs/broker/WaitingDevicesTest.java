package io.nhp.jobs.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.nhp.jobs.broker.WaitingDevices.Waiter;
import io.nhp.jobs.domain.Lease;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class WaitingDevicesTest {

    static final Instant T0 = Instant.parse("2026-12-07T08:00:00Z");

    final WaitingDevices waiting = new WaitingDevices();
    /** Who was answered with what, in order. */
    final Map<String, List<Lease>> answered = new LinkedHashMap<>();

    @Test
    void shouldLeaseToADeviceThatCanBeAnsweredNowBeforeOneWhoseResultsAreNotInKafkaYet() {
        // given a device waiting since earlier whose results are in batch 7 (not durable), then one with none
        waiting.add(waiter("handed-in", 7, T0.plusSeconds(5)));
        waiting.add(waiter("free", 0, T0.plusSeconds(5)));

        // when one job comes while batch 6 is the latest in Kafka
        waiting.serve("xiaomi", batch -> batch <= 6, jobs(1), this::answer);

        // then the free device takes it, and the other keeps waiting
        assertThat(answered).containsOnlyKeys("free");
        assertThat(waiting.counts()).containsEntry("xiaomi", 1);

        // and once batch 7 is in Kafka it is served like any other, in the order the devices came
        waiting.add(waiter("later", 0, T0.plusSeconds(5)));
        waiting.serve("xiaomi", batch -> batch <= 7, jobs(1), this::answer);
        assertThat(answered).containsOnlyKeys("free", "handed-in");
    }

    @Test
    void shouldLeaseToDevicesWhoseResultsAreNotInKafkaWhenWorkIsLeftOver() {
        // given a device whose results are not durable, and one that is free
        waiting.add(waiter("handed-in", 7, T0.plusSeconds(5)));
        waiting.add(waiter("free", 0, T0.plusSeconds(5)));

        // when more work comes than the free device takes
        waiting.serve("xiaomi", batch -> batch <= 6, jobs(2), this::answer);

        // then both are leased, the free one first
        assertThat(answered).containsOnlyKeys("free", "handed-in");
        assertThat(List.copyOf(answered.keySet())).containsExactly("free", "handed-in");
        assertThat(waiting.counts()).containsEntry("xiaomi", 0);
    }

    @Test
    void shouldServeOnlyADevicesNewestWaitAndEndEachWhenItsTimeIsUp() {
        // given a device whose first poll was taken out by its second, and another device
        Waiter first = waiter("d1", 0, T0.plusSeconds(5));
        waiting.add(first);
        assertThat(waiting.remove("xiaomi", "d1")).isSameAs(first);
        first.answer().complete(List.of()); // superseded: answered empty by the broker
        waiting.add(waiter("d1", 0, T0.plusSeconds(30)));
        waiting.add(waiter("d2", 0, T0.plusSeconds(10)));

        // when the first deadlines pass
        List<String> over = new ArrayList<>();
        waiting.endWaits(T0.plusSeconds(10), waiter -> over.add(waiter.deviceId() + "@" + waiter.until()));

        // then d2's wait is over (the superseded poll was answered when it was superseded), d1's newest still waits
        // and is the only one served
        assertThat(over).containsExactly("d2@" + T0.plusSeconds(10));
        assertThat(waiting.counts()).containsEntry("xiaomi", 1);
        waiting.serve("xiaomi", batch -> true, jobs(5), this::answer);
        assertThat(answered).containsOnlyKeys("d1");

        // and once served, its deadline passes without a second answer
        waiting.endWaits(T0.plusSeconds(60), waiter -> over.add(waiter.deviceId() + "@" + waiter.until()));
        assertThat(over).containsExactly("d2@" + T0.plusSeconds(10));
        assertThat(waiting.counts()).containsEntry("xiaomi", 0);
        assertThat(waiting.drain()).isEmpty();
    }

    /** Leases up to {@code jobs} jobs in all, one per waiter. */
    private Function<Waiter, List<Lease>> jobs(int jobs) {
        int[] left = {jobs};
        return waiter -> left[0]-- > 0 ? List.of(lease(waiter.deviceId())) : List.of();
    }

    private void answer(Waiter waiter, List<Lease> leased) {
        answered.put(waiter.deviceId(), leased);
        waiter.answer().complete(leased);
    }

    private static Waiter waiter(String deviceId, long resultsIn, Instant until) {
        return new Waiter(deviceId, "xiaomi", Set.of(), 1, until, resultsIn, null, new CompletableFuture<>());
    }

    private static Lease lease(String deviceId) {
        return new Lease("l-" + deviceId, "j-" + deviceId, "inference_text", "s3://in", "sha256:in",
                T0.plusSeconds(60), null, null);
    }
}
