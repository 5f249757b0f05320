package io.nhp.jobs.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nhp.contracts.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

/** Which partition of {@code nhp.jobs.state} a job id falls in, and the ids drawn for one (no broker needed). */
class ShardsTest {

    static final int PARTITIONS = Topics.JOBS_STATE.partitions();

    /** Not started: drawing ids needs no group. */
    final Shards shards = new Shards("localhost:9", "nhp.jobs.test", "http://localhost:1", Duration.ofSeconds(6));

    @Test
    void shouldPlaceAJobWhereKafkasDefaultPartitionerPutsItsKey() {
        for (int i = 0; i < 1_000; i++) {
            String id = UUID.randomUUID().toString();

            assertThat(Shards.partitionOf(id)).as(id)
                    .isEqualTo(BuiltInPartitioner.partitionForKey(id.getBytes(StandardCharsets.UTF_8), PARTITIONS));
        }
    }

    @Test
    void shouldDrawEachNewIdInThePartitionAskedFor() {
        Set<String> drawn = new HashSet<>();
        for (int partition = 0; partition < PARTITIONS; partition++) {
            for (int i = 0; i < 50; i++) {
                String id = shards.idIn(partition);

                assertThat(Shards.partitionOf(id)).as(id).isEqualTo(partition);
                assertThat(drawn.add(id)).as("%s drawn once", id).isTrue();
            }
        }
    }

    @Test
    void shouldPutALeaseInItsJobsPartition() {
        IntStream.range(0, 100).mapToObj(i -> "partner/key-" + i).forEach(key ->
                assertThat(Shards.partitionOf(shards.idBeside(key))).as(key).isEqualTo(Shards.partitionOf(key)));
    }

    @Test
    void shouldRefuseAPartitionTheTopicDoesNotHave() {
        assertThatThrownBy(() -> shards.idIn(PARTITIONS)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no partition 6 of nhp.jobs.state");
        assertThatThrownBy(() -> shards.idIn(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
