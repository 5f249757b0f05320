package io.nhp.report.messaging;

import io.nhp.contracts.events.CapacityEvent;
import io.nhp.contracts.events.DeviceStatusEvent;
import io.nhp.contracts.events.PartnerProfileEvent;
import io.nhp.contracts.events.PayoutEvent;
import io.nhp.contracts.events.ProjectionEvent;
import io.nhp.contracts.events.SavingsEvent;
import io.nhp.contracts.serde.JsonSerde;

/** The value deserializers named in the channels' {@code value.deserializer} (Kafka instantiates them by class). */
public final class JsonDeserializers {

    private JsonDeserializers() {
    }

    public static class Capacity extends JsonSerde.JsonDeserializer<CapacityEvent> {
        public Capacity() {
            super(CapacityEvent.class);
        }
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

    public static class Payouts extends JsonSerde.JsonDeserializer<PayoutEvent> {
        public Payouts() {
            super(PayoutEvent.class);
        }
    }

    public static class Statuses extends JsonSerde.JsonDeserializer<DeviceStatusEvent> {
        public Statuses() {
            super(DeviceStatusEvent.class);
        }
    }
}
