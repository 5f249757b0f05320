package io.nhp.economics.streams;

import com.fasterxml.jackson.databind.JsonNode;
import io.nhp.contracts.Topics;
import io.nhp.contracts.events.DeadLetterEvent;
import io.nhp.contracts.events.PartnerProfileEvent;
import io.nhp.contracts.events.ProjectionEvent;
import io.nhp.contracts.events.ReferenceDataEvent;
import io.nhp.contracts.events.ReferenceKind;
import io.nhp.contracts.events.Required;
import io.nhp.contracts.serde.Json;
import io.nhp.contracts.serde.JsonSerde;
import io.nhp.economics.model.Company;
import io.nhp.economics.model.ModelInputs;
import io.nhp.economics.model.ScenarioModel;
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
 * {@code GET /api/v1/projections/{partner}}). Both reference topics have one partition, so one task sees every
 * price and every profile: a profile change marks that partner for recomputation, any price change marks every
 * partner. Marked partners are recomputed a moment later (every {@link #RECOMPUTE_EVERY}), so that a burst of
 * changes, such as the seed arriving item by item, yields one projection rather than one per item. A
 * recomputation that changes nothing publishes nothing.
 */
public final class ProjectionTopology {

    /** Latest version of every reference item, by topic key. */
    public static final String REFERENCE_STORE = "reference-items";
    /** Latest profile of every partner. */
    public static final String PARTNER_STORE = "partner-profiles";
    /** Latest projection of every partner (both modes). */
    public static final String PROJECTION_STORE = "projections";
    /** Partners whose inputs changed since their last projection (a store, so the mark survives a crash). */
    public static final String PENDING_STORE = "projections-pending";
    /** How soon a change reaches the projections. */
    public static final Duration RECOMPUTE_EVERY = Duration.ofMillis(250);

    private static final Logger LOG = Logger.getLogger(ProjectionTopology.class);
    private static final String PRICES_SOURCE = "reference-prices";
    private static final String PARTNERS_SOURCE = "reference-partners";
    private static final String PRICE_CHANGES = "price-changes";
    private static final String PARTNER_CHANGES = "partner-changes";
    private static final String PROJECTIONS_SINK = "projections-sink";
    private static final String DEAD_LETTER_SINK = "dead-letter-sink";

    private ProjectionTopology() {
    }

    /** Adds the projection pipeline to a topology (the service runs one Kafka Streams application). */
    public static Topology addTo(Topology topology) {
        topology.addSource(PRICES_SOURCE, Topics.REFERENCE_PRICES.keySerde().deserializer(),
                Topics.REFERENCE_PRICES.valueSerde().deserializer(), Topics.REFERENCE_PRICES.name());
        topology.addSource(PARTNERS_SOURCE, Topics.REFERENCE_PARTNERS.keySerde().deserializer(),
                Topics.REFERENCE_PARTNERS.valueSerde().deserializer(), Topics.REFERENCE_PARTNERS.name());
        topology.addProcessor(PRICE_CHANGES, PriceChanges::new, PRICES_SOURCE);
        topology.addProcessor(PARTNER_CHANGES, PartnerChanges::new, PARTNERS_SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(REFERENCE_STORE),
                Serdes.String(), Topics.REFERENCE_PRICES.valueSerde()), PRICE_CHANGES, PARTNER_CHANGES);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PARTNER_STORE),
                Serdes.String(), Topics.REFERENCE_PARTNERS.valueSerde()), PRICE_CHANGES, PARTNER_CHANGES);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PROJECTION_STORE),
                Serdes.String(), Topics.ECONOMICS_PROJECTIONS.valueSerde()), PRICE_CHANGES, PARTNER_CHANGES);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PENDING_STORE),
                Serdes.String(), Serdes.Long()), PRICE_CHANGES, PARTNER_CHANGES);
        topology.addSink(PROJECTIONS_SINK, Topics.ECONOMICS_PROJECTIONS.name(),
                Topics.ECONOMICS_PROJECTIONS.keySerde().serializer(), Topics.ECONOMICS_PROJECTIONS.valueSerde().serializer(),
                PRICE_CHANGES, PARTNER_CHANGES);
        topology.addSink(DEAD_LETTER_SINK, Topics.DEAD_LETTER.name(),
                Topics.DEAD_LETTER.keySerde().serializer(), Topics.DEAD_LETTER.valueSerde().serializer(),
                PARTNER_CHANGES);
        return topology;
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

    /** What both processors share: the stores, and recomputing one partner. */
    private abstract static class Projecting<V> implements Processor<String, V, String, Object> {

        ProcessorContext<String, Object> context;
        KeyValueStore<String, ReferenceDataEvent> items;
        KeyValueStore<String, PartnerProfileEvent> partners;
        KeyValueStore<String, ProjectionEvent> projections;
        KeyValueStore<String, Long> pending;

        @Override
        public void init(ProcessorContext<String, Object> context) {
            this.context = context;
            this.items = context.getStateStore(REFERENCE_STORE);
            this.partners = context.getStateStore(PARTNER_STORE);
            this.projections = context.getStateStore(PROJECTION_STORE);
            this.pending = context.getStateStore(PENDING_STORE);
            context.schedule(RECOMPUTE_EVERY, PunctuationType.WALL_CLOCK_TIME, this::recomputePending);
        }

        /** Marks a partner for recomputation, remembering the time of the change that caused it. */
        void markPending(String partner, long timestamp) {
            pending.put(partner, timestamp);
        }

        private void recomputePending(long now) {
            List<KeyValue<String, Long>> due = new ArrayList<>();
            try (KeyValueIterator<String, Long> it = pending.all()) {
                it.forEachRemaining(due::add);
            }
            if (due.isEmpty()) {
                return;
            }
            List<ReferenceDataEvent> all = new ArrayList<>();
            try (KeyValueIterator<String, ReferenceDataEvent> it = items.all()) {
                it.forEachRemaining(kv -> all.add(kv.value));
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
                deadLetter(partner, e);
                return;
            }
            if (next.sameAs(projections.get(partner.partner()))) {
                return;
            }
            projections.put(partner.partner(), next);
            context.forward(new Record<>(partner.partner(), next, timestamp), PROJECTIONS_SINK);
        }

        private void deadLetter(PartnerProfileEvent partner, RuntimeException e) {
            var meta = context.recordMetadata();
            String value;
            try {
                value = Json.MAPPER.writeValueAsString(partner);
            } catch (IOException io) {
                value = null;
            }
            context.forward(new Record<>(Topics.REFERENCE_PARTNERS.name(), new DeadLetterEvent(Required.newEventId(),
                    Instant.now(), "economics-service", Topics.REFERENCE_PARTNERS.name(),
                    meta.map(m -> m.partition()).orElse(null), meta.map(m -> m.offset()).orElse(null),
                    partner.partner(), value, false, String.valueOf(e)), context.currentSystemTimeMs()), DEAD_LETTER_SINK);
        }
    }

    /** A price, region, tier, market or constant changed: every partner's projection may have. */
    private static final class PriceChanges extends Projecting<ReferenceDataEvent> {

        @Override
        public void process(Record<String, ReferenceDataEvent> record) {
            if (record.value() == null) {
                items.delete(record.key());
            } else {
                items.put(record.key(), record.value());
            }
            if (record.key().startsWith(ReferenceKind.TASK_TYPE.keyPrefix() + ":")) {
                return; // the model does not use task types
            }
            try (KeyValueIterator<String, PartnerProfileEvent> it = partners.all()) {
                it.forEachRemaining(kv -> markPending(kv.key, record.timestamp()));
            }
        }
    }

    /** A profile was added, replaced or removed. */
    private static final class PartnerChanges extends Projecting<PartnerProfileEvent> {

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
            markPending(record.key(), record.timestamp());
        }
    }
}
