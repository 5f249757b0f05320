package io.nhp.report.messaging;

import io.nhp.contracts.events.PartnerProfileEvent;
import io.nhp.contracts.events.ProjectionEvent;
import io.nhp.contracts.events.SavingsEvent;
import io.nhp.contracts.serde.JsonSerde;

/** The value deserializers named in the channels' {@code value.deserializer} (Kafka instantiates them by class). */
public final class JsonDeserializers {

    private JsonDeserializers() {
    }

    public static class Partners extends JsonSerde.JsonDeserializer<PartnerProfileEvent> {
        public Partners() {
            super(PartnerProfileEvent.class);
        }
    }

    public static class Projections extends JsonSerde.JsonDeserializer<ProjectionEvent> {
        public Projections() {
            super(ProjectionEvent.class);
        }
    }

    public static class Savings extends JsonSerde.JsonDeserializer<SavingsEvent> {
        public Savings() {
            super(SavingsEvent.class);
        }
    }
}
