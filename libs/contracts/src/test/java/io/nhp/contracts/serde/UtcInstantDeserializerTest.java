package io.nhp.contracts.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonMappingException;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UtcInstantDeserializerTest {

    record Stamped(Instant at) {
    }

    private static Instant read(String json) throws Exception {
        return Json.MAPPER.readValue("{\"at\":" + json + "}", Stamped.class).at();
    }

    @Test
    void readsWhatThePlatformWritesExactlyAsJavaDoes() throws Exception {
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-2_000_000_000L, 8_000_000_000L),
                    random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000));
            String written = Json.MAPPER.writeValueAsString(new Stamped(instant));
            assertThat(Json.MAPPER.readValue(written, Stamped.class).at()).isEqualTo(instant);
        }
    }

    @Test
    void everyFractionLengthMeansWhatItSays() throws Exception {
        assertThat(read("\"2026-11-23T03:37:32Z\"")).isEqualTo(Instant.parse("2026-11-23T03:37:32Z"));
        assertThat(read("\"2026-11-23T03:37:32.5Z\"")).isEqualTo(Instant.parse("2026-11-23T03:37:32.500Z"));
        assertThat(read("\"2026-11-23T03:37:32.552780104Z\"")).isEqualTo(Instant.parse("2026-11-23T03:37:32.552780104Z"));
        assertThat(read("\"2024-02-29T23:59:59.999Z\"")).isEqualTo(Instant.parse("2024-02-29T23:59:59.999Z"));
    }

    @Test
    void otherFormsStillReadThroughJackson() throws Exception {
        assertThat(read("\"2026-11-23T05:37:32+02:00\"")).isEqualTo(Instant.parse("2026-11-23T03:37:32Z"));
        assertThat(read("1763868000")).isEqualTo(Instant.ofEpochSecond(1763868000));
    }

    @Test
    void impossibleDatesAreRefusedAsBefore() {
        assertThatThrownBy(() -> read("\"2026-02-30T00:00:00Z\"")).isInstanceOf(JsonMappingException.class);
        assertThatThrownBy(() -> read("\"yesterday\"")).isInstanceOf(JsonMappingException.class);
    }
}
