package io.nhp.report.messaging;

import io.nhp.contracts.events.CapacityEvent;
import io.nhp.contracts.serde.JsonSerde;

/** Reads {@code nhp.economics.capacity} values; named in the channel's {@code value.deserializer}. */
public class CapacityEventDeserializer extends JsonSerde.JsonDeserializer<CapacityEvent> {
    public CapacityEventDeserializer() {
        super(CapacityEvent.class);
    }
}
