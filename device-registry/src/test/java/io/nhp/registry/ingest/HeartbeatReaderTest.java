package io.nhp.registry.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.nhp.contracts.events.NetworkType;
import io.nhp.registry.api.StrictRequests;
import io.nhp.service.ProblemException;
import io.nhp.service.validation.MessagesAsWritten;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The one-pass reader reads what the strict mapper reads, or steps aside for it: for plain and unusual heartbeats
 * alike, single or in a batch, and for bodies that are not plain batches.
 */
class HeartbeatReaderTest {

    private static final ObjectMapper PLAIN = new ObjectMapper();
    private static final String ITEM = "{\"deviceId\":\"d-1\",\"token\":\"t-1\",\"at\":\"2026-12-03T10:15:30Z\","
            + "\"charging\":true,\"batteryPct\":80,\"batteryTempC\":31.5,\"network\":\"WIFI\",\"screenOff\":true}";

    private final ObjectMapper strict = strict();
    private final Validator validator = MessagesAsWritten.validator();
    private final HeartbeatReader reader = new HeartbeatReader(strict, validator, 3);

    static ObjectMapper strict() {
        ObjectMapper strict = JsonMapper.builder().addModule(new JavaTimeModule()).build();
        new StrictRequests().customize(strict);
        return strict;
    }

    @Test
    void theFastReaderReadsWhatTheStrictMapperReadsOrLeavesItToIt() throws Exception {
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
                    new BigDecimal("1e400"), "30", true, null));
            maybe(random, heartbeat, "network", oneOf(random, "WIFI", "CELLULAR", "ETHERNET", "wifi", "", 1, null));
            maybe(random, heartbeat, "screenOff", oneOf(random, true, false, 0, null));
            maybe(random, heartbeat, "cpuLoadPct", oneOf(random, 5, 0, 100, 101, 5.5, null));
            maybe(random, heartbeat, "thermalStatus", oneOf(random, "NONE", "LIGHT", "SEVERE", "none", 2, null));
            if (random.nextInt(50) == 0) {
                heartbeat.put("battery", 80); // misspelt
            }
            ObjectNode item = heartbeat.deepCopy();
            item.put("deviceId", "d-" + i);
            byte[] body = PLAIN.writeValueAsBytes(PLAIN.createObjectNode().set("heartbeats",
                    PLAIN.createArrayNode().add(item)));

            List<HeartbeatReader.PlainItem> fast = HeartbeatReader.plainlyRead(body, 1);

            if (fast != null) {
                readFast++;
                assertThat(fast).hasSize(1);
                assertThat(fast.get(0).deviceId()).isEqualTo("d-" + i);
                HeartbeatRequest read = fast.get(0).heartbeat();
                assertThat(strict.treeToValue(heartbeat, HeartbeatRequest.class)).as("%s", heartbeat).isEqualTo(read);
                assertThat(validator.validate(read)).as("%s", heartbeat).isEmpty();
            }
            // whichever reader read it, the item's heartbeat is the strict mapper's, or refused as it refuses
            HeartbeatReader.Item either = reader.batch(body).get(0);
            byte[] single = PLAIN.writeValueAsBytes(heartbeat);
            HeartbeatReader.PlainItem fastSingle = HeartbeatReader.plainlyReadOne(single);
            assertThat(fastSingle == null).as("%s", heartbeat).isEqualTo(fast == null);
            if (validBinding(heartbeat)) {
                HeartbeatRequest exact = strict.treeToValue(heartbeat, HeartbeatRequest.class);
                assertThat(either.heartbeat()).as("%s", heartbeat).isEqualTo(exact);
                assertThat(reader.single(single)).as("%s", heartbeat).isEqualTo(exact);
            } else {
                assertThatThrownBy(either::heartbeat).as("%s", heartbeat).isInstanceOf(ProblemException.class);
                assertThatThrownBy(() -> reader.single(single)).as("%s", heartbeat)
                        .isInstanceOfAny(JsonProcessingException.class, ConstraintViolationException.class);
            }
        }
        assertThat(readFast).as("plain heartbeats take the fast path").isBetween(200, 19_000);
    }

    @Test
    void aPlainBatchIsReadInOnePassWithEachItemAsPosted() throws Exception {
        // given two plain items, one posted by a gateway (no token), with spaces between the tokens
        String second = "{ \"deviceId\" : \"d-2\", \"charging\":false, \"batteryPct\":5, \"batteryTempC\":-3,"
                + " \"network\":\"CELLULAR\", \"screenOff\":false, \"cpuLoadPct\":null, \"thermalStatus\":\"LIGHT\" }";
        byte[] body = ("{\"heartbeats\": [" + ITEM + " ,\n " + second + "]}").getBytes(StandardCharsets.UTF_8);

        // when read
        List<HeartbeatReader.PlainItem> items = HeartbeatReader.plainlyRead(body, 3);

        // then both are read in one pass, each with its own JSON as posted (what another instance is sent)
        assertThat(items).extracting(HeartbeatReader.Item::deviceId).containsExactly("d-1", "d-2");
        assertThat(items).extracting(HeartbeatReader.Item::token).containsExactly("t-1", null);
        assertThat(items.get(0).heartbeat()).isEqualTo(new HeartbeatRequest(Instant.parse("2026-12-03T10:15:30Z"),
                true, 80, 31.5, NetworkType.WIFI, true, null, null));
        assertThat(new String(items.get(0).json(), StandardCharsets.UTF_8)).isEqualTo(ITEM);
        assertThat(new String(items.get(1).json(), StandardCharsets.UTF_8)).isEqualTo(second);
        assertThat(reader.batch(body)).hasSize(2).allMatch(HeartbeatReader.PlainItem.class::isInstance);
    }

    @Test
    void anythingUnusualAboutTheBodyIsLeftToTheExactReader() throws Exception {
        for (String unusual : List.of(
                "{\"heartbeats\":[" + ITEM + "],\"more\":1}",            // a field besides the list
                "{\"heartbeats\":[" + ITEM + "]} {}",                    // text after the body
                "{\"heartbeats\":[" + ITEM.replace("}", ",\"screenOff\":false}") + "]}", // a field twice
                "{\"heartbeats\":[" + ITEM + "," + ITEM + "," + ITEM + "," + ITEM + "]}", // more than allowed
                "{\"heartbeats\":[" + ITEM + ",7]}",                     // an item that is not an object
                "{\"heartbeats\":[" + ITEM.replace("\"t-1\"", "null") + "]}", // a token that is not text
                "{\"heartbeats\":[" + ITEM.replace("}", "") + "]}",     // malformed
                "{\"heartbeats\":{}}", "[]", "")) {
            assertThat(HeartbeatReader.plainlyRead(unusual.getBytes(StandardCharsets.UTF_8), 3)).as(unusual).isNull();
        }
    }

    @Test
    void theExactReaderRefusesWhatIsNotABatchAndReadsTheRestItemByItem() throws Exception {
        // malformed JSON and a key given twice: the body is refused as malformed (400 through ProblemMappers)
        assertThatThrownBy(() -> reader.batch(bytes("{\"heartbeats\":[" + ITEM.replace("}", ",\"charging\":false}") + "]}")))
                .isInstanceOf(JsonProcessingException.class).hasMessageContaining("Duplicate field");
        assertThatThrownBy(() -> reader.batch(bytes("{\"heartbeats\":[")))
                .isInstanceOf(JsonProcessingException.class);
        // no list, or too long a list: a 400 naming the field
        for (String notABatch : List.of("", "{}", "{\"heartbeats\":{}}", "[]")) {
            assertThatThrownBy(() -> reader.batch(bytes(notABatch))).as(notABatch).isInstanceOf(ProblemException.class)
                    .hasMessageContaining("heartbeats");
        }
        assertThatThrownBy(() -> reader.batch(bytes("{\"heartbeats\":[" + String.join(",", ITEM, ITEM, ITEM, ITEM) + "]}")))
                .isInstanceOf(ProblemException.class)
                .satisfies(e -> assertThat(((ProblemException) e).errors().get(0).message())
                        .isEqualTo("must hold at most 3 heartbeats, not 4"));
        // an item that is not plain: read by itself, the others as they are
        List<? extends HeartbeatReader.Item> items = reader.batch(bytes("{\"heartbeats\":[" + ITEM + ",7,"
                + ITEM.replace("80", "180") + "]}"));
        assertThat(items.get(0).heartbeat().batteryPct()).isEqualTo(80);
        assertThat(items.get(1).deviceId()).isNull();
        assertThatThrownBy(() -> items.get(2).heartbeat()).isInstanceOf(ProblemException.class)
                .satisfies(e -> assertThat(((ProblemException) e).errors().get(0).field()).isEqualTo("batteryPct"));
        assertThat(PLAIN.readTree(items.get(2).json())).isEqualTo(PLAIN.readTree(ITEM.replace("80", "180")));
    }

    @Test
    void aSingleHeartbeatHasNoDeviceOrTokenOfItsOwnAndAnEmptyBodyIsRefused() throws Exception {
        // given a single request's body with a batch item's fields: they are not a heartbeat's
        String withIds = ITEM;
        assertThat(HeartbeatReader.plainlyReadOne(bytes(withIds))).isNull();
        assertThatThrownBy(() -> reader.single(bytes(withIds))).isInstanceOf(JsonProcessingException.class)
                .hasMessageContaining("deviceId");
        // the same heartbeat without them is read in one pass; text after it is left to the exact reader
        String plain = ITEM.replace("\"deviceId\":\"d-1\",\"token\":\"t-1\",", "");
        assertThat(HeartbeatReader.plainlyReadOne(bytes(plain)).heartbeat()).isEqualTo(reader.single(bytes(plain)));
        assertThat(HeartbeatReader.plainlyReadOne(bytes(plain + " {}"))).isNull();
        assertThatThrownBy(() -> reader.single(bytes(plain + " {}"))).isInstanceOf(JsonProcessingException.class);
        for (String empty : List.of("", "null")) {
            assertThatThrownBy(() -> reader.single(bytes(empty))).as(empty).isInstanceOf(ProblemException.class)
                    .satisfies(e -> assertThat(((ProblemException) e).errors()).containsExactly(
                            new io.nhp.service.Problem.FieldError("body", "must not be null")));
        }
    }

    @Test
    void aTemperatureOnItsBoundIsLeftToTheExactReaderWhichTellsADecimalJustOutsideFromIt() throws Exception {
        String plain = ITEM.replace("\"deviceId\":\"d-1\",\"token\":\"t-1\",", "");
        // a decimal just below -20 that a double rounds onto -20.0: refused, as the strict mapper refuses it
        String justBelow = plain.replace("31.5", "-20.000000000000001");
        assertThat(HeartbeatReader.plainlyReadOne(bytes(justBelow))).isNull();
        assertThatThrownBy(() -> reader.single(bytes(justBelow))).isInstanceOf(JsonProcessingException.class);
        assertThat(HeartbeatReader.plainlyRead(bytes("{\"heartbeats\":[" + ITEM.replace("31.5", "90.0000000000000001")
                + "]}"), 3)).isNull();
        // on the bound itself: taken, by whichever reader
        assertThat(reader.single(bytes(plain.replace("31.5", "-20.0"))).batteryTempC()).isEqualTo(-20.0);
        assertThat(HeartbeatReader.plainlyReadOne(bytes(plain.replace("31.5", "90"))).heartbeat().batteryTempC())
                .isEqualTo(90.0);
    }

    @Test
    void aBodyInAnotherEncodingThanUtf8IsTheExactReadersAndItsItemsAreForwardedAsUtf8() throws Exception {
        byte[] utf16 = ("{\"heartbeats\":[" + ITEM + "]}").getBytes(StandardCharsets.UTF_16LE);

        assertThat(HeartbeatReader.plainlyRead(utf16, 3)).isNull();
        List<? extends HeartbeatReader.Item> items = reader.batch(utf16);
        assertThat(items.get(0).heartbeat().batteryPct()).isEqualTo(80);
        assertThat(PLAIN.readTree(items.get(0).json())).isEqualTo(PLAIN.readTree(ITEM));
    }

    private boolean validBinding(ObjectNode heartbeat) {
        try {
            return validator.validate(strict.treeToValue(heartbeat, HeartbeatRequest.class)).isEmpty();
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
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
}
