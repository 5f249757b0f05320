package io.nhp.registry.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.nhp.contracts.events.NetworkType;
import io.nhp.contracts.events.ThermalStatus;
import io.nhp.service.validation.MessagesAsWritten;
import jakarta.validation.Validator;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast check says what Bean Validation says, for valid and invalid heartbeats alike. */
class HeartbeatRequestTest {

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

    private static double pick(Random random, double... values) {
        return values[random.nextInt(values.length)];
    }
}
