package io.nhp.contracts.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UtcInstantSerializerTest {

    record Stamped(Instant at) {
    }

    private static String written(Instant instant) throws Exception {
        return Json.MAPPER.writeValueAsString(new Stamped(instant));
    }

    @Test
    void writesExactlyWhatJavaWrites() throws Exception {
        Random random = new Random(11);
        for (int i = 0; i < 50_000; i++) {
            int nanos = switch (random.nextInt(4)) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(random.nextLong(-70_000_000_000L, 260_000_000_000L), nanos);
            assertThat(written(instant)).isEqualTo("{\"at\":\"" + instant + "\"}");
        }
    }

    @Test
    void writesTheEdgesOfTheFourDigitYearsAndBeyondAsJavaDoes() throws Exception {
        for (String text : new String[] {"0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
                "-0001-12-31T23:59:59Z", "+10000-01-01T00:00:00Z", "1970-01-01T00:00:00Z",
                "1969-12-31T23:59:59.000000001Z", "2024-02-29T12:00:00.100Z"}) {
            Instant instant = Instant.parse(text);
            assertThat(written(instant)).isEqualTo("{\"at\":\"" + instant + "\"}");
        }
    }
}
