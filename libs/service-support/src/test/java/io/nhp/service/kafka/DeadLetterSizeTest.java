package io.nhp.service.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.nhp.contracts.events.DeadLetterEvent;
import io.nhp.contracts.serde.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What a dead letter keeps of a record too large to be written again whole. */
class DeadLetterSizeTest {

    private static final Instant NOW = Instant.parse("2026-07-01T10:00:00Z");

    @Test
    void shouldLeaveALetterThatFitsAsItIs() {
        DeadLetterEvent letter = letter("d-1", "{\"batteryPct\":80}", "not registered");

        assertThat(DeadLetterSize.bounded(letter)).isSameAs(letter);
    }

    @Test
    void shouldCutTextBetweenCharactersAndAKeyTooAndKeepTheLetterUnderAMebibyte() throws Exception {
        // given a text of three-byte characters whose JSON escapes nothing, one byte off the bound, and a long key
        String text = "x" + "€".repeat(DeadLetterSize.MAX_VALUE_BYTES);
        String key = "k".repeat(DeadLetterSize.MAX_KEY_BYTES + 1);

        // when it is bounded
        DeadLetterEvent bounded = DeadLetterSize.bounded(letter(key, text, "not JSON"));

        // then the value ends before the character the bound falls in, and the key at the bound
        int keptBytes = bounded.value().getBytes(StandardCharsets.UTF_8).length;
        assertThat(keptBytes).isLessThanOrEqualTo(DeadLetterSize.MAX_VALUE_BYTES)
                .isGreaterThan(DeadLetterSize.MAX_VALUE_BYTES - 3);
        assertThat(text).startsWith(bounded.value());
        assertThat(bounded.key()).hasSize(DeadLetterSize.MAX_KEY_BYTES);
        // and the reason says what was cut, the key first
        assertThat(bounded.reason()).startsWith("not JSON [key cut to its first 1024 of 1025 bytes; SHA-256 of all 1025: ")
                .contains(" [value cut to its first " + keptBytes + " of " + text.getBytes(StandardCharsets.UTF_8).length
                        + " bytes; SHA-256 of all ");
        assertThat(Json.MAPPER.writeValueAsBytes(bounded).length).isLessThan(1024 * 1024);
    }

    @Test
    void shouldCutAReasonTooLongForALetter() {
        String reason = "r".repeat(DeadLetterSize.MAX_REASON_CHARS + 10);

        DeadLetterEvent bounded = DeadLetterSize.bounded(letter("d-1", "{}", reason));

        assertThat(bounded.reason()).isEqualTo(reason.substring(0, DeadLetterSize.MAX_REASON_CHARS) + "…");
    }

    private static DeadLetterEvent letter(String key, String value, String reason) {
        return new DeadLetterEvent("e-1", NOW, "device-registry", "nhp.devices.heartbeats", 0, 7L, key, value, false,
                reason);
    }
}
