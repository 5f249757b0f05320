package io.nhp.service.kafka;

import io.nhp.contracts.events.DeadLetterEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Keeps every dead letter within what Kafka takes by default (1 MiB: the producer's {@code max.request.size}, the
 * broker's {@code message.max.bytes}), so that a large record can always be dead-lettered and the pipeline go on.
 * A value over {@link #MAX_VALUE_BYTES} keeps its first bytes, and the reason says so with the whole value's size
 * and SHA-256; a key over {@link #MAX_KEY_BYTES} likewise; a reason over {@link #MAX_REASON_CHARS} is cut.
 */
final class DeadLetterSize {

    /**
     * The value's bytes kept. JSON may write a character of text as six ({@code \u0000}), and Base64 writes 3 bytes
     * as 4: at most 768 KiB of letter from the value, whatever the record held.
     */
    static final int MAX_VALUE_BYTES = 128 * 1024;
    static final int MAX_KEY_BYTES = 1024;
    static final int MAX_REASON_CHARS = 8 * 1024;

    private DeadLetterSize() {
    }

    /** The letter as it is, or with its value, key and reason cut to the bounds and the reason saying what was cut. */
    static DeadLetterEvent bounded(DeadLetterEvent letter) {
        boolean base64 = Boolean.TRUE.equals(letter.valueBase64());
        Cut value = Cut.of("value", letter.value(), base64, MAX_VALUE_BYTES);
        Cut key = Cut.of("key", letter.key(), false, MAX_KEY_BYTES);
        String reason = letter.reason().length() > MAX_REASON_CHARS
                ? letter.reason().substring(0, MAX_REASON_CHARS) + "…" : letter.reason();
        if (value == null && key == null && reason.equals(letter.reason())) {
            return letter;
        }
        return new DeadLetterEvent(letter.eventId(), letter.eventTime(), letter.service(), letter.sourceTopic(),
                letter.partition(), letter.offset(), key == null ? letter.key() : key.kept(),
                value == null ? letter.value() : value.kept(), letter.valueBase64(),
                reason + (key == null ? "" : key.note()) + (value == null ? "" : value.note()));
    }

    /** What is kept of a field too large for a letter, and the note that says so. */
    private record Cut(String kept, String note) {

        /** The cut of {@code text} (Base64 of bytes when {@code base64}), or null when it fits. */
        static Cut of(String field, String text, boolean base64, int maxBytes) {
            if (text == null) {
                return null;
            }
            byte[] whole = base64 ? Base64.getDecoder().decode(text) : text.getBytes(StandardCharsets.UTF_8);
            if (whole.length <= maxBytes) {
                return null;
            }
            int end = base64 ? maxBytes : characterBoundary(whole, maxBytes);
            byte[] kept = Arrays.copyOf(whole, end);
            return new Cut(base64 ? Base64.getEncoder().encodeToString(kept) : new String(kept, StandardCharsets.UTF_8),
                    " [" + field + " cut to its first " + end + " of " + whole.length + " bytes; SHA-256 of all "
                            + whole.length + ": " + sha256(whole) + "]");
        }

        /** The largest end at most {@code max} that does not split a UTF-8 character. */
        private static int characterBoundary(byte[] utf8, int max) {
            int end = max;
            while (end > 0 && (utf8[end] & 0xC0) == 0x80) { // a continuation byte: the character began before
                end--;
            }
            return end;
        }

        private static String sha256(byte[] bytes) {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java platform has SHA-256", e);
            }
        }
    }
}
