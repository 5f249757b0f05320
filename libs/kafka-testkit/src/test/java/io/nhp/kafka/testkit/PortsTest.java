package io.nhp.kafka.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PortsTest {

    @Test
    void shouldGiveDifferentPortsWhenAskedForSeveral() {
        for (int round = 0; round < 20; round++) {
            int[] ports = Ports.free(8);

            assertThat(Arrays.stream(ports).distinct().count()).isEqualTo(8);
            assertThat(Arrays.stream(ports).min().orElseThrow()).isPositive();
        }
    }
}
