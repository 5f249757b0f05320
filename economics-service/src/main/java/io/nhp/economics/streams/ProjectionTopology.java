package io.nhp.economics.streams;

import com.fasterxml.jackson.databind.JsonNode;
import io.nhp.contracts.Topics;
import io.nhp.contracts.events.PartnerProfileEvent;
import io.nhp.contracts.events.ProjectionEvent;
import io.nhp.contracts.events.ReferenceDataEvent;
import io.nhp.contracts.events.ReferenceKind;
import io.nhp.contracts.events.Required;
import io.nhp.contracts.serde.Json;
import io.nhp.scenario.Company;
import io.nhp.scenario.ModelInputs;
import io.nhp.scenario.ScenarioModel;
import io.nhp.service.kafka.DeadLetters;
import io.nhp.figures.Mode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.jboss.logging.Logger;

/**
 * Reference data → partner projections ({@code nhp.economics.projections}, and the store behind
 * {@code GET /api/v1/projections/{partner}}). The partners topic has one partition, so one task sees every
 * profile, and the reference items are in a global store ({@link ReferenceItems}): a profile change marks that
 * partner for recomputation; every {@link #RECOMPUTE_EVERY} the task compares the items' versions with those it
 * saw last, and any change marks every partner. Marked partners are recomputed at that tick, so that a burst of
 * changes, such as the seed arriving item by item, yields one projection rather than one per item. A
 * recomputation that changes nothing publishes nothing.
 */
public final class ProjectionTopology {

    /** Latest profile of every partner. */
    public static final String PARTNER_STORE = "partner-profiles";
    /** Latest projection of every partner (both modes). */
    public static final String PROJECTION_STORE = "projections";
    /** Partners whose inputs changed since their last projection (a store, so the mark survives a crash). */
    public static final String PENDING_STORE = "projections-pending";
    /** How soon a change reaches the projections. */
    public static final Duration RECOMPUTE_EVERY = Duration.ofMillis(250);

    private static final Logger LOG = Logger.getLogger(ProjectionTopology.class);
    private static final String PARTNERS_SOURCE = "reference-partners";
    private static final String PARTNER_CHANGES = "partner-changes";
    private static final String PROJECTIONS_SINK = "projections-sink";
    /** Profiles that cannot be projected, with the reason. */
    private static final DeadLetters DEAD_LETTERS = DeadLetters.of(LedgerTopology.SERVICE, PARTNER_CHANGES);

    private ProjectionTopology() {
    }

    /** Adds the projection pipeline to a topology (the service runs one Kafka Streams application). */
    public static Topology addTo(Topology topology) {
        topology.addSource(PARTNERS_SOURCE, Topics.REFERENCE_PARTNERS.keySerde().deserializer(),
                Topics.REFERENCE_PARTNERS.valueSerde().deserializer(), Topics.REFERENCE_PARTNERS.name());
        topology.addProcessor(PARTNER_CHANGES, PartnerChanges::new, PARTNERS_SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PARTNER_STORE),
                Serdes.String(), Topics.REFERENCE_PARTNERS.valueSerde()), PARTNER_CHANGES);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PROJECTION_STORE),
                Serdes.String(), Topics.ECONOMICS_PROJECTIONS.valueSerde()), PARTNER_CHANGES);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PENDING_STORE),
                Serdes.String(), Serdes.Long()), PARTNER_CHANGES);
        topology.addSink(PROJECTIONS_SINK, Topics.ECONOMICS_PROJECTIONS.name(),
                Topics.ECONOMICS_PROJECTIONS.keySerde().serializer(), Topics.ECONOMICS_PROJECTIONS.valueSerde().serializer(),
                PARTNER_CHANGES);
        return DEAD_LETTERS.addTo(topology);
    }

    /** A partner's projection in every mode from the given inputs; a mode that refuses the profile says why. */
    static ProjectionEvent project(PartnerProfileEvent partner, ModelInputs inputs, Instant now) {
        Company company = Company.from(partner.profile());
        Map<String, JsonNode> projections = new LinkedHashMap<>();
        Map<String, String> refused = new LinkedHashMap<>();
        for (Mode mode : Mode.values()) {
            try {
                projections.put(mode.wireName(), asStored(ScenarioModel.project(company, inputs, mode)));
            } catch (ScenarioModel.InvalidInput e) {
                refused.put(mode.wireName(), e.getMessage());
            }
        }
        Map<String, Long> used = new LinkedHashMap<>(inputs.versions());
        used.keySet().removeIf(key -> key.startsWith(ReferenceKind.TASK_TYPE.keyPrefix() + ":"));
        return new ProjectionEvent(Required.newEventId(), now, partner.partner(), partner.version(), used,
                projections, refused);
    }

    /** The JSON tree exactly as it reads back from the topic, so that an unchanged projection compares equal. */
    private static JsonNode asStored(Object projection) {
        try {
            return Json.MAPPER.readTree(Json.MAPPER.writeValueAsBytes(projection));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise a projection", e);
        }
    }

    /** A profile was added, replaced or removed; and, every tick, the reference items are checked for changes. */
    private static final class PartnerChanges implements Processor<String, PartnerProfileEvent, String, ProjectionEvent> {

        private ProcessorContext<String, ProjectionEvent> context;
        private KeyValueStore<String, ReferenceDataEvent> items;
        private KeyValueStore<String, PartnerProfileEvent> partners;
        private KeyValueStore<String, ProjectionEvent> projections;
        private KeyValueStore<String, Long> pending;
        /** Versions of the reference items at the last tick; empty after a start, so every partner is rechecked. */
        private Map<String, Long> seenVersions = Map.of();

        @Override
        public void init(ProcessorContext<String, ProjectionEvent> context) {
            this.context = context;
            this.items = context.getStateStore(ReferenceItems.STORE);
            this.partners = context.getStateStore(PARTNER_STORE);
            this.projections = context.getStateStore(PROJECTION_STORE);
            this.pending = context.getStateStore(PENDING_STORE);
            context.schedule(RECOMPUTE_EVERY, PunctuationType.WALL_CLOCK_TIME, this::recomputePending);
        }

        @Override
        public void process(Record<String, PartnerProfileEvent> record) {
            if (record.value() == null) {
                partners.delete(record.key());
                pending.delete(record.key());
                if (projections.delete(record.key()) != null) {
                    context.forward(new Record<>(record.key(), null, record.timestamp()), PROJECTIONS_SINK);
                }
                return;
            }
            partners.put(record.key(), record.value());
            pending.put(record.key(), record.timestamp());
        }

        private void recomputePending(long now) {
            List<ReferenceDataEvent> all = new ArrayList<>();
            Map<String, Long> versions = new LinkedHashMap<>();
            try (KeyValueIterator<String, ReferenceDataEvent> it = items.all()) {
                it.forEachRemaining(kv -> {
                    all.add(kv.value);
                    if (!kv.key.startsWith(ReferenceKind.TASK_TYPE.keyPrefix() + ":")) { // the model does not use them
                        versions.put(kv.key, kv.value.version());
                    }
                });
            }
            if (!versions.equals(seenVersions)) {
                seenVersions = versions;
                try (KeyValueIterator<String, PartnerProfileEvent> it = partners.all()) {
                    it.forEachRemaining(kv -> pending.put(kv.key, now));
                }
            }
            List<KeyValue<String, Long>> due = new ArrayList<>();
            try (KeyValueIterator<String, Long> it = pending.all()) {
                it.forEachRemaining(due::add);
            }
            if (due.isEmpty()) {
                return;
            }
            ModelInputs inputs;
            try {
                inputs = ModelInputs.from(all);
            } catch (ModelInputs.MissingInput e) {
                LOG.debugf("Projections wait: %s", e.getMessage());
                return; // stay pending until the reference data is complete
            }
            for (KeyValue<String, Long> partner : due) {
                pending.delete(partner.key);
                PartnerProfileEvent profile = partners.get(partner.key);
                if (profile != null) {
                    reproject(profile, inputs, partner.value);
                }
            }
        }

        private void reproject(PartnerProfileEvent partner, ModelInputs inputs, long timestamp) {
            ProjectionEvent next;
            try {
                next = project(partner, inputs, Instant.now());
            } catch (RuntimeException e) {
                LOG.warnf(e, "Profile of %s version %d cannot be projected; sent to %s", partner.partner(),
                        partner.version(), Topics.DEAD_LETTER.name());
                DEAD_LETTERS.forward(context, Topics.REFERENCE_PARTNERS.name(), partner.partner(), partner,
                        String.valueOf(e));
                return;
            }
            if (next.sameAs(projections.get(partner.partner()))) {
                return;
            }
            projections.put(partner.partner(), next);
            context.forward(new Record<>(partner.partner(), next, timestamp), PROJECTIONS_SINK);
        }
    }
}
