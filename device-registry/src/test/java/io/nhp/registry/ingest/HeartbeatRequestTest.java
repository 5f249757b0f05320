package io.nhp.registry.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.nhp.contracts.events.NetworkType;
import io.nhp.contracts.events.ThermalStatus;
import io.nhp.service.validation.MessagesAsWritten;
import jakarta.validation.Validator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.nhp.registry.api.StrictRequests;
import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast paths say what the slow ones say: the check what Bean Validation says, the reader what the strict mapper
 * reads, for plain and unusual heartbeats alike.
 */
class HeartbeatRequestTest {

    private static final ObjectMapper PLAIN = new ObjectMapper();

    private final Validator validator = MessagesAsWritten.validator();

    @Test
    void theFastCheckAgreesWithTheValidator() {
        Random random = new Random(11);
        int valid = 0;
        for (int i = 0; i < 20_000; i++) {
            var request = new HeartbeatRequest(null,
                    random.nextInt(10) == 0 ? null : random.nextBoolean(),
                    random.nextInt(10) == 0 ? null : random.nextInt(-5, 106),
                    random.nextInt(10) == 0 ? null : pick(random, -20.0, 90.0, -20.0001, 90.0001, random.nextDouble(-25, 95)),
                    random.nextInt(10) == 0 ? null : NetworkType.values()[random.nextInt(NetworkType.values().length)],
                    random.nextInt(10) == 0 ? null : random.nextBoolean(),
                    random.nextInt(4) == 0 ? null : random.nextInt(-5, 106),
                    random.nextInt(4) == 0 ? null : ThermalStatus.values()[random.nextInt(ThermalStatus.values().length)]);
            boolean validatorSaysValid = validator.validate(request).isEmpty();
            assertThat(request.plainlyValid()).as("%s", request).isEqualTo(validatorSaysValid);
            valid += validatorSaysValid ? 1 : 0;
        }
        assertThat(valid).as("both kinds are drawn").isBetween(2_000, 18_000);
    }

    @Test
    void theFastReaderReadsWhatTheStrictMapperReadsOrLeavesItToIt() throws Exception {
        ObjectMapper strict = JsonMapper.builder().addModule(new JavaTimeModule()).build();
        new StrictRequests().customize(strict);
        Random random = new Random(7);
        int readFast = 0;
        for (int i = 0; i < 20_000; i++) {
            ObjectNode heartbeat = strict.createObjectNode();
            maybe(random, heartbeat, "at", oneOf(random, "2026-12-03T10:15:30.123456789Z", "2026-12-03T10:15:30Z",
                    "2026-12-03T11:15:30+01:00", "2026-12-03 10:15:30", "yesterday", "2026-12-03T23:59:60Z",
                    "2026-12-03T24:00:00Z", 1_764_000_000, null));
            maybe(random, heartbeat, "charging", oneOf(random, true, false, true, "true", 1, null));
            maybe(random, heartbeat, "batteryPct", oneOf(random, 80, 0, 100, 101, -1, 80.0, 80.5, "80", 5_000_000_000L, null));
            maybe(random, heartbeat, "batteryTempC", oneOf(random, 30.5, 30, -20.0, 90.0, 90.5, -21, new BigDecimal("31.25"),
                    "30", true, null));
            maybe(random, heartbeat, "network", oneOf(random, "WIFI", "CELLULAR", "ETHERNET", "wifi", "", 1, null));
            maybe(random, heartbeat, "screenOff", oneOf(random, true, false, 0, null));
            maybe(random, heartbeat, "cpuLoadPct", oneOf(random, 5, 0, 100, 101, 5.5, null));
            maybe(random, heartbeat, "thermalStatus", oneOf(random, "NONE", "LIGHT", "SEVERE", "none", 2, null));
            if (random.nextInt(50) == 0) {
                heartbeat.put("battery", 80); // misspelt
            }

            HeartbeatRequest fast = HeartbeatRequest.plainlyRead(heartbeat);

            if (fast != null) {
                readFast++;
                assertThat(strict.treeToValue(heartbeat, HeartbeatRequest.class)).as("%s", heartbeat).isEqualTo(fast);
                assertThat(validator.validate(fast)).as("%s", heartbeat).isEmpty();
            }
        }
        assertThat(readFast).as("plain heartbeats take the fast path").isBetween(200, 19_000);
    }

    /** Puts {@code value} under {@code field} most of the time; leaves the field out otherwise. */
    private static void maybe(Random random, ObjectNode node, String field, Object value) {
        if (random.nextInt(20) == 0) {
            return;
        }
        node.set(field, PLAIN.valueToTree(value));
    }

    /** Mostly the first value (a plain one), so that whole heartbeats are plain often enough. */
    @SafeVarargs
    private static <T> T oneOf(Random random, T... values) {
        return random.nextInt(5) < 4 ? values[0] : values[random.nextInt(values.length)];
    }

    private static double pick(Random random, double... values) {
        return values[random.nextInt(values.length)];
    }
}
