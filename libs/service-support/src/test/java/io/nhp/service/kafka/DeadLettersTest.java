package io.nhp.service.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nhp.contracts.events.DeadLetterEvent;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dead letter a stream processor writes for a record it read but cannot use: where, what, why, and counted. */
class DeadLettersTest {

    private static final Instant NOW = Instant.parse("2026-07-01T10:00:00Z");

    /** Shaped like an event a processor holds. */
    record Completed(String jobId, double gpuSeconds) {
    }

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final MockProcessorContext<Object, Object> context = new MockProcessorContext<>();

    @BeforeEach
    void setUp() {
        Metrics.addRegistry(meters);
        context.setCurrentSystemTimeMs(NOW.toEpochMilli());
    }

    @AfterEach
    void tearDown() {
        Metrics.removeRegistry(meters);
    }

    @Test
    void shouldPlaceTheLetterAtTheRecordBeingProcessedWithTheValueAsJsonAndTheReason() {
        // given a processor at offset 17 of partition 3 of nhp.jobs.completed
        context.setRecordMetadata("nhp.jobs.completed", 3, 17L);

        // when it gives up on a record
        DeadLetterEvent letter = DeadLetters.of(context, "economics-service", "ignored-when-there-is-a-record", "j-1",
                new Completed("j-1", 2.5), "no price for model m-7");

        // then the letter names that place (not the fallback topic), holds the value as JSON, and says why
        assertThat(letter).extracting(DeadLetterEvent::service, DeadLetterEvent::sourceTopic, DeadLetterEvent::partition,
                        DeadLetterEvent::offset, DeadLetterEvent::key, DeadLetterEvent::value, DeadLetterEvent::reason,
                        DeadLetterEvent::eventTime)
                .containsExactly("economics-service", "nhp.jobs.completed", 3, 17L, "j-1",
                        "{\"jobId\":\"j-1\",\"gpuSeconds\":2.5}", "no price for model m-7", NOW);
        assertThat(letter.eventId()).isNotBlank();
        // and it is counted under its source topic
        assertThat(failed("economics-service", "nhp.jobs.completed")).isEqualTo(1.0);
    }

    @Test
    void shouldNameTheGivenTopicWithoutAPlaceWhereThereIsNoRecordAsInAPunctuation() {
        // given no record being processed (a punctuation)

        // when it gives up on a value from its store
        DeadLetterEvent letter = DeadLetters.of(context, "device-registry", "nhp.devices.status", "d-1",
                Map.of("status", "ONLINE"), "device d-1 has no registration");

        // then the letter names the topic it was given, with no partition or offset
        assertThat(letter.sourceTopic()).isEqualTo("nhp.devices.status");
        assertThat(letter.partition()).isNull();
        assertThat(letter.offset()).isNull();
        assertThat(letter.value()).isEqualTo("{\"status\":\"ONLINE\"}");
        assertThat(failed("device-registry", "nhp.devices.status")).isEqualTo(1.0);
    }

    @Test
    void shouldKeepAValueJsonCannotWriteAsItsText() {
        context.setRecordMetadata("nhp.reference.partners", 0, 4L);
        Object unwritable = new Object() {
            @Override
            public String toString() {
                return "partner profile xiaomi";
            }
        };

        DeadLetterEvent letter = DeadLetters.of(context, "economics-service", "nhp.reference.partners", "xiaomi",
                unwritable, "cannot project");

        assertThat(letter.value()).isEqualTo("partner profile xiaomi");
    }

    private double failed(String service, String topic) {
        var counter = meters.find(DeadLetters.FAILED_METRIC).tags("service", service, "topic", topic).counter();
        return counter == null ? 0.0 : counter.count();
    }
}
