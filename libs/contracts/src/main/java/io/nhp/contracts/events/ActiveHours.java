package io.nhp.contracts.events;

import static io.nhp.contracts.events.Required.field;

import java.time.LocalTime;

/** The owner's window for computing, in the device's local time; may wrap midnight (22:00–07:00). */
public record ActiveHours(LocalTime start, LocalTime end) {
    public ActiveHours {
        field(start, "start");
        field(end, "end");
    }
}
