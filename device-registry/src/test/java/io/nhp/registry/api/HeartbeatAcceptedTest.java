package io.nhp.registry.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class HeartbeatAcceptedTest {

    @Test
    void shouldWriteWhatJacksonWrites() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        for (int seconds : new int[] {0, 1, 57, 60, 147, -1, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            HeartbeatAccepted accepted = new HeartbeatAccepted(seconds);

            assertThat(accepted.json()).isEqualTo(mapper.writeValueAsString(accepted));
            assertThat(mapper.readValue(accepted.json(), HeartbeatAccepted.class)).isEqualTo(accepted);
        }
    }
}
