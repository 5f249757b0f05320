package io.nhp.contracts.serde;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Writes instants exactly as {@link Instant#toString()} does ({@code 2026-11-23T03:37:32.552780104Z}: UTC, a
 * fraction of 0, 3, 6 or 9 digits) without a {@code DateTimeFormatter}: every heartbeat and status carries two,
 * and the formatter was a tenth of the heartbeat ingest's Kafka sends. Years outside 0–9999 are left to
 * {@link Instant#toString()}.
 */
final class UtcInstantSerializer extends JsonSerializer<Instant> {

    @Override
    public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider) throws IOException {
        char[] text = new char[30];
        int length = format(value, text);
        if (length < 0) {
            generator.writeString(value.toString());
        } else {
            generator.writeString(text, 0, length);
        }
    }

    @Override
    public Class<Instant> handledType() {
        return Instant.class;
    }

    /** Writes {@code instant} into {@code text} (30 chars) and returns its length; -1 for a year outside 0–9999. */
    static int format(Instant instant, char[] text) {
        long seconds = instant.getEpochSecond();
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400));
        int year = date.getYear();
        if (year < 0 || year > 9999) {
            return -1;
        }
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        int at = put(text, 0, year, 4);
        text[at++] = '-';
        at = put(text, at, date.getMonthValue(), 2);
        text[at++] = '-';
        at = put(text, at, date.getDayOfMonth(), 2);
        text[at++] = 'T';
        at = put(text, at, secondOfDay / 3_600, 2);
        text[at++] = ':';
        at = put(text, at, secondOfDay / 60 % 60, 2);
        text[at++] = ':';
        at = put(text, at, secondOfDay % 60, 2);
        int nanos = instant.getNano();
        if (nanos > 0) {
            text[at++] = '.';
            if (nanos % 1_000_000 == 0) {
                at = put(text, at, nanos / 1_000_000, 3);
            } else if (nanos % 1_000 == 0) {
                at = put(text, at, nanos / 1_000, 6);
            } else {
                at = put(text, at, nanos, 9);
            }
        }
        text[at++] = 'Z';
        return at;
    }

    /** {@code value} as {@code width} decimal digits, zero-padded, at {@code at}; returns the position after. */
    private static int put(char[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return at + width;
    }
}
