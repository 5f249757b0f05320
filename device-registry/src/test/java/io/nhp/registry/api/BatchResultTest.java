package io.nhp.registry.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.nhp.service.Problem;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A batch's answer written by hand says what the bean serializer would say, in the same words. */
class BatchResultTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void shouldWriteEveryItemAsTheMapperWould() throws Exception {
        BatchResult result = BatchResult.of(List.of(
                BatchResult.Item.accepted("d-1", 61),
                BatchResult.Item.rejected("d-2", 400, "Invalid request",
                        List.of(new Problem.FieldError("batteryPct", "must be between 0 and 100"))),
                BatchResult.Item.rejected("d-3", 429, "at most 60 heartbeats a minute per device", null),
                BatchResult.Item.accepted("d-\"4\"", 58)));

        byte[] written = result.json(mapper);

        assertThat(mapper.readTree(written)).isEqualTo(mapper.valueToTree(result));
        assertThat(new String(written, java.nio.charset.StandardCharsets.UTF_8))
                .startsWith("{\"accepted\":2,\"rejected\":2,\"results\":[")
                .contains("{\"deviceId\":\"d-1\",\"status\":202,\"nextHeartbeatSeconds\":61}")
                .contains("{\"deviceId\":\"d-\\\"4\\\"\",\"status\":202,\"nextHeartbeatSeconds\":58}");
    }
}
