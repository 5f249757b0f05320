package io.nhp.registry.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nhp.contracts.events.NetworkType;
import io.nhp.contracts.events.ThermalStatus;
import io.nhp.registry.config.RegistryConfig;
import io.nhp.service.Problem;
import io.nhp.service.ProblemException;
import io.nhp.service.ProblemMappers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads heartbeats from request bodies: a single one, or a batch ({@code {"heartbeats": [{"deviceId", "token"?,
 * ...}]}}) into its items. Plain heartbeats, as phones and gateways send them, are read in one pass over the bytes
 * with no tree, data binding or Bean Validation ({@link #plainlyRead}, {@link #plainlyReadOne}); anything unusual
 * anywhere in a body (an unknown or repeated field, a value of another type or out of range, more items than allowed,
 * malformed JSON) sends the whole body to the exact reader, the strict mapper and the validator, for the exact
 * reason. {@code HeartbeatReaderTest} holds the two to the same heartbeats.
 */
@ApplicationScoped
public class HeartbeatReader {

    /** One item of a batch as posted; its heartbeat is read, or refused, when asked for. */
    public interface Item {
        /** The item's device, or {@code null} when it has none as text. */
        String deviceId();

        /** The device's token, or {@code null} when it has none as text. */
        String token();

        /** The heartbeat, or a {@link ProblemException} saying why it is refused. */
        HeartbeatRequest heartbeat();

        /** The item's JSON as posted, device and token included (to send it on to another instance). */
        byte[] json();
    }

    /** A plain item: its fields read, and where it lies in the body. */
    record PlainItem(String deviceId, String token, HeartbeatRequest heartbeat, byte[] body, int from, int to)
            implements Item {
        @Override
        public byte[] json() {
            return Arrays.copyOfRange(body, from, to);
        }
    }

    /** What an item has besides the heartbeat's own fields. */
    private static final List<String> ITEM_FIELDS = List.of("deviceId", "token");
    /**
     * Syntax only: everything the strict mapper would refuse makes {@link #plainlyRead} step aside. UTF-8 only (a
     * body in another encoding is the strict mapper's): an item's bytes are forwarded as posted, inside UTF-8.
     */
    private static final JsonFactory JSON = JsonFactory.builder().disable(JsonFactory.Feature.CHARSET_DETECTION).build();
    /** The temperature's bounds as {@link HeartbeatRequest} declares them. */
    private static final double MIN_TEMP = -20.0;
    private static final double MAX_TEMP = 90.0;
    private static final NetworkType[] NETWORKS = NetworkType.values();
    private static final ThermalStatus[] THERMAL_STATUSES = ThermalStatus.values();

    private final ObjectMapper mapper;
    private final Validator validator;
    private final int maxItems;

    @Inject
    HeartbeatReader(ObjectMapper mapper, Validator validator, RegistryConfig config) {
        this(mapper, validator, config.heartbeat().maxBatch());
    }

    HeartbeatReader(ObjectMapper mapper, Validator validator, int maxItems) {
        this.mapper = mapper;
        this.validator = validator;
        this.maxItems = maxItems;
    }

    /**
     * The batch's items in the order posted. Throws a {@link ProblemException} (400) when the body is not a batch of
     * at most the allowed number of items, a {@link JsonProcessingException} when it is not JSON.
     */
    public List<? extends Item> batch(byte[] body) throws JsonProcessingException {
        List<PlainItem> plain = plainlyRead(body, maxItems);
        if (plain != null) {
            return plain;
        }
        JsonNode tree;
        try {
            tree = body == null || body.length == 0 ? null : mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) { // no I/O reading bytes in memory
            throw new UncheckedIOException(e);
        }
        JsonNode items = tree == null ? null : tree.get("heartbeats");
        if (items == null || !items.isArray()) {
            throw ProblemException.invalid(List.of(new Problem.FieldError("heartbeats", "must be a list of heartbeats")));
        }
        if (items.size() > maxItems) {
            throw ProblemException.invalid(List.of(new Problem.FieldError("heartbeats",
                    "must hold at most " + maxItems + " heartbeats, not " + items.size())));
        }
        List<Item> read = new ArrayList<>(items.size());
        items.forEach(item -> read.add(new TreeItem(item)));
        return read;
    }

    /**
     * The heartbeat of a single request's body. Throws a {@link JsonProcessingException} when it cannot be read as
     * one, a {@link ConstraintViolationException} when it breaks a constraint, a {@link ProblemException} when empty.
     */
    public HeartbeatRequest single(byte[] body) throws JsonProcessingException {
        PlainItem plain = plainlyReadOne(body);
        if (plain != null) {
            return plain.heartbeat();
        }
        HeartbeatRequest request;
        try {
            request = body == null || body.length == 0 ? null : mapper.readValue(body, HeartbeatRequest.class);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) { // no I/O reading bytes in memory
            throw new UncheckedIOException(e);
        }
        if (request == null) {
            throw ProblemException.invalid(List.of(new Problem.FieldError("body", "must not be null")));
        }
        if (!request.plainlyValid()) {
            var invalid = validator.validate(request);
            if (!invalid.isEmpty()) {
                throw new ConstraintViolationException(invalid);
            }
        }
        return request;
    }

    /** An item of a body that was not plain, read by the strict mapper and the validator. */
    private final class TreeItem implements Item {
        private final JsonNode item;

        TreeItem(JsonNode item) {
            this.item = item;
        }

        @Override
        public String deviceId() {
            return item.path("deviceId").isTextual() ? item.get("deviceId").asText() : null;
        }

        @Override
        public String token() {
            return item.path("token").isTextual() ? item.get("token").asText() : null;
        }

        @Override
        public HeartbeatRequest heartbeat() {
            JsonNode heartbeat = item.isObject() ? ((ObjectNode) item.deepCopy()).without(ITEM_FIELDS) : item;
            HeartbeatRequest request;
            try {
                request = mapper.treeToValue(heartbeat, HeartbeatRequest.class);
            } catch (JsonProcessingException e) {
                String field = e instanceof JsonMappingException m ? m.getPath().stream()
                        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                        .collect(Collectors.joining(".")) : "";
                throw ProblemException.invalid(List.of(new Problem.FieldError(field.isEmpty() ? "heartbeat" : field,
                        ProblemMappers.reasonOf(e))));
            }
            if (request == null) {
                throw ProblemException.invalid(List.of(new Problem.FieldError("heartbeat", "must be a heartbeat")));
            }
            var violations = validator.validate(request);
            if (!violations.isEmpty()) {
                throw ProblemException.invalid(violations.stream()
                        .map(v -> new Problem.FieldError(v.getPropertyPath().toString(), v.getMessage()))
                        .sorted(Comparator.comparing(Problem.FieldError::field))
                        .toList());
            }
            return request;
        }

        @Override
        public byte[] json() {
            try {
                return mapper.writeValueAsBytes(item);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("an item read as JSON could not be written as JSON", e);
            }
        }
    }

    /**
     * A batch of at most {@code maxItems} plain, valid heartbeats read in one pass, or {@code null} when anything
     * about the body is unusual.
     */
    static List<PlainItem> plainlyRead(byte[] body, int maxItems) {
        if (body == null) {
            return null;
        }
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT || !"heartbeats".equals(parser.nextFieldName())
                    || parser.nextToken() != JsonToken.START_ARRAY) {
                return null;
            }
            List<PlainItem> items = new ArrayList<>();
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.START_OBJECT) {
                PlainItem item = items.size() < maxItems ? item(parser, body, true) : null;
                if (item == null) {
                    return null;
                }
                items.add(item);
            }
            boolean whole = token == JsonToken.END_ARRAY && parser.nextToken() == JsonToken.END_OBJECT
                    && parser.nextToken() == null;
            return whole ? items : null;
        } catch (IOException | RuntimeException e) { // malformed: the exact reader says how
            return null;
        }
    }

    /** A single request's plain, valid heartbeat (its own fields only), or {@code null} when anything is unusual. */
    static PlainItem plainlyReadOne(byte[] body) {
        if (body == null) {
            return null;
        }
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            PlainItem heartbeat = item(parser, body, false);
            return heartbeat != null && parser.nextToken() == null ? heartbeat : null;
        } catch (IOException | RuntimeException e) { // malformed: the exact reader says how
            return null;
        }
    }

    /**
     * The heartbeat whose START_OBJECT the parser is on, or {@code null} when it is not plain; a batch's item
     * ({@code inBatch}) names its device and may carry its token, a single request's heartbeat has neither.
     */
    private static PlainItem item(JsonParser parser, byte[] body, boolean inBatch) throws IOException {
        int from = (int) parser.currentTokenLocation().getByteOffset();
        String deviceId = null;
        String token = null;
        String at = null;
        boolean charging = false;
        boolean screenOff = false;
        int batteryPct = 0;
        double batteryTempC = 0;
        NetworkType network = null;
        Integer cpuLoadPct = null;
        ThermalStatus thermalStatus = null;
        int seen = 0;
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
            JsonToken value = parser.nextToken();
            boolean isNull = value == JsonToken.VALUE_NULL;
            int field;
            switch (name) {
                case "deviceId" -> {
                    field = 1;
                    deviceId = inBatch && value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    if (deviceId == null) {
                        return null;
                    }
                }
                case "token" -> {
                    field = 1 << 1;
                    token = inBatch && value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    if (token == null) {
                        return null;
                    }
                }
                case "at" -> {
                    field = 1 << 2;
                    if (!isNull && value != JsonToken.VALUE_STRING) {
                        return null;
                    }
                    at = isNull ? null : parser.getText();
                }
                case "charging" -> {
                    field = 1 << 3;
                    if (!value.isBoolean()) {
                        return null;
                    }
                    charging = value == JsonToken.VALUE_TRUE;
                }
                case "batteryPct" -> {
                    field = 1 << 4;
                    if (!isInt(parser, value)) {
                        return null;
                    }
                    batteryPct = parser.getIntValue();
                }
                case "batteryTempC" -> {
                    field = 1 << 5;
                    if (!value.isNumeric()) {
                        return null;
                    }
                    batteryTempC = parser.getDoubleValue();
                    if (value == JsonToken.VALUE_NUMBER_FLOAT && (batteryTempC == MIN_TEMP || batteryTempC == MAX_TEMP)) {
                        return null; // perhaps a decimal just outside, rounded onto the bound: the strict mapper's call
                    }
                }
                case "network" -> {
                    field = 1 << 6;
                    network = named(NETWORKS, parser, value);
                    if (network == null) {
                        return null;
                    }
                }
                case "screenOff" -> {
                    field = 1 << 7;
                    if (!value.isBoolean()) {
                        return null;
                    }
                    screenOff = value == JsonToken.VALUE_TRUE;
                }
                case "cpuLoadPct" -> {
                    field = 1 << 8;
                    if (!isNull && !isInt(parser, value)) {
                        return null;
                    }
                    cpuLoadPct = isNull ? null : parser.getIntValue();
                }
                case "thermalStatus" -> {
                    field = 1 << 9;
                    thermalStatus = isNull ? null : named(THERMAL_STATUSES, parser, value);
                    if (thermalStatus == null && !isNull) {
                        return null;
                    }
                }
                default -> {
                    return null; // an unknown field
                }
            }
            if ((seen & field) != 0) {
                return null; // a field given twice
            }
            seen |= field;
        }
        int required = (inBatch ? 1 : 0) | 1 << 3 | 1 << 4 | 1 << 5 | 1 << 6 | 1 << 7; // deviceId, charging, battery,
        // network, screen
        if ((seen & required) != required) {
            return null;
        }
        Instant time;
        try {
            time = at == null ? null : DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(at, Instant::from);
        } catch (DateTimeException e) {
            return null;
        }
        HeartbeatRequest heartbeat = new HeartbeatRequest(time, charging, batteryPct, batteryTempC, network, screenOff,
                cpuLoadPct, thermalStatus);
        int to = (int) parser.currentLocation().getByteOffset();
        boolean located = from >= 0 && to > from;
        return located && heartbeat.plainlyValid() ? new PlainItem(deviceId, token, heartbeat, body, from, to) : null;
    }

    private static boolean isInt(JsonParser parser, JsonToken value) throws IOException {
        return value == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.INT;
    }

    private static <E extends Enum<E>> E named(E[] constants, JsonParser parser, JsonToken value) throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            return null;
        }
        String name = parser.getText();
        for (E constant : constants) {
            if (constant.name().equals(name)) {
                return constant;
            }
        }
        return null;
    }
}
