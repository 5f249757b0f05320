package io.nhp.service.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nhp.contracts.Topics;
import io.nhp.contracts.events.DeadLetterEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
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
        DeadLetterEvent letter = DeadLetters.of("economics-service", "job-pricing").letter(context,
                "ignored-when-there-is-a-record", "j-1", new Completed("j-1", 2.5), "no price for model m-7");

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
        // given no record being processed: a punctuation, whose metadata Kafka Streams gives with no topic and -1
        context.setRecordMetadata(null, -1, -1L);

        // when it gives up on a value from its store
        DeadLetterEvent letter = DeadLetters.of("device-registry", "device-state").letter(context, "nhp.devices.status",
                "d-1", Map.of("status", "ONLINE"), "device d-1 has no registration");

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

        DeadLetterEvent letter = DeadLetters.of("economics-service", "partner-changes").letter(context,
                "nhp.reference.partners", "xiaomi", unwritable, "cannot project");

        assertThat(letter.value()).isEqualTo("partner profile xiaomi");
    }

    @Test
    void shouldForwardTheLetterToTheProcessorsOwnSinkKeyedByItsSourceTopic() {
        // given a processor at offset 17 of partition 3 of nhp.jobs.completed
        context.setRecordMetadata("nhp.jobs.completed", 3, 17L);
        DeadLetters deadLetters = DeadLetters.of("economics-service", "job-pricing");

        // when it dead-letters the record
        deadLetters.forward(context, "nhp.jobs.completed", "j-1", new Completed("j-1", 2.5), "no price for model m-7");

        // then the letter goes to the sink alone, keyed by the topic it came from
        var forwarded = context.forwarded();
        assertThat(forwarded).hasSize(1);
        assertThat(forwarded.get(0).childName()).contains("job-pricing-dead-letters").contains(deadLetters.sink());
        assertThat(forwarded.get(0).record().key()).isEqualTo("nhp.jobs.completed");
        assertThat(((DeadLetterEvent) forwarded.get(0).record().value()).reason()).isEqualTo("no price for model m-7");
    }

    @Test
    void shouldAddTheSinkToTheDeadLetterTopicAsTheProcessorsChild() {
        // given a topology with a processor
        Topology topology = new Topology();
        topology.addSource("source", "nhp.jobs.completed");
        topology.addProcessor("job-pricing", () -> new Processor<Object, Object, Object, Object>() {
            @Override
            public void process(Record<Object, Object> record) {
            }
        }, "source");

        // when its dead letters are added
        DeadLetters.of("economics-service", "job-pricing").addTo(topology);

        // then the processor has a sink to nhp.deadletter
        TopologyDescription.Sink sink = topology.describe().subtopologies().iterator().next().nodes().stream()
                .filter(TopologyDescription.Sink.class::isInstance).map(TopologyDescription.Sink.class::cast)
                .findFirst().orElseThrow();
        assertThat(sink.name()).isEqualTo("job-pricing-dead-letters");
        assertThat(sink.topic()).isEqualTo(Topics.DEAD_LETTER.name());
        assertThat(sink.predecessors()).extracting(TopologyDescription.Node::name).containsExactly("job-pricing");
    }

    @Test
    void shouldCutAValueTooLargeForKafkaSayingItsSizeAndDigest() throws Exception {
        // given a value whose JSON passes what a letter keeps
        context.setRecordMetadata("nhp.reference.partners", 0, 4L);
        String huge = "x".repeat(DeadLetterSize.MAX_VALUE_BYTES * 2);

        // when it is dead-lettered
        DeadLetterEvent letter = DeadLetters.of("economics-service", "partner-changes").letter(context,
                "nhp.reference.partners", "xiaomi", huge, "cannot project");

        // then the letter keeps its start, and says how large the whole was and its SHA-256
        String json = "\"" + huge + "\"";
        assertThat(letter.value()).hasSize(DeadLetterSize.MAX_VALUE_BYTES).isEqualTo(json.substring(0, DeadLetterSize.MAX_VALUE_BYTES));
        assertThat(letter.reason()).isEqualTo("cannot project [value cut to its first " + DeadLetterSize.MAX_VALUE_BYTES
                + " of " + json.length() + " bytes; SHA-256 of all " + json.length() + ": " + sha256(json) + "]");
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private double failed(String service, String topic) {
        var counter = meters.find(DeadLetters.FAILED_METRIC).tags("service", service, "topic", topic).counter();
        return counter == null ? 0.0 : counter.count();
    }
}
