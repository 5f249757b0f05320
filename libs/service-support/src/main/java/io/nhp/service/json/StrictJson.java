package io.nhp.service.json;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.nhp.contracts.serde.Json;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.stream.Collectors;

/**
 * The one reading rule of the platform's write APIs, for every JSON body a service's REST endpoints read:
 * <ul>
 *   <li>a property the request does not have is refused: a misspelt field must not silently become its default;</li>
 *   <li>every number is a JSON number, finite, from 0 to {@link #MAX_NUMBER}, and whole where the field is an
 *       integer: {@code 1e400} (which Jackson would read as Infinity), {@code -1}, {@code 2.5} for a count,
 *       {@code "29.4"} as text are refused. A field that legitimately goes below zero says so with its Bean
 *       Validation lower bound ({@code @DecimalMin("-20.0")} on a battery temperature): the rule then takes numbers
 *       from that bound. Fields narrow it further with Bean Validation;</li>
 *   <li>text is a JSON string, a yes/no {@code true} or {@code false}, an enum one of its names (not a number:
 *       {@code "status":0} is refused) and a time ISO-8601 text ({@code 2026-12-03T10:15:30Z}, not epoch seconds);</li>
 *   <li>{@code null} inside a list or map, a key given twice and anything after the body are refused.</li>
 * </ul>
 * Each refusal is a 400 problem+json naming the field ({@code ProblemMappers}); nothing reaches the broker.
 *
 * <p><b>Opt-in, per service.</b> The class is abstract and not a bean, so including service-support makes no
 * service strict: a service whose bodies follow the rule has a one-line {@code @Singleton} subclass (job-broker's
 * and device-registry's {@code StrictRequests}). The rule is for requests only; Quarkus' mapper is the one a REST
 * client or a Kafka Jackson deserializer would use to read another service's newer answers, which must tolerate
 * fields they do not know — Kafka records are read by the contracts' own {@link Json#MAPPER}, which stays tolerant.
 * Bodies read as free-form JSON (pricing-service's reference data) are parsed with {@link #readTree(String)}.
 */
public abstract class StrictJson implements ObjectMapperCustomizer {

    /** No number in a request is larger: a billion (seconds: 31 years; counts, priorities, prices: far more). */
    public static final BigDecimal MAX_NUMBER = BigDecimal.valueOf(1_000_000_000);

    /** Free-form JSON as the contracts read it (exact decimals), but a key twice or text after the body is refused. */
    private static final ObjectMapper TREES = strictSyntax(Json.MAPPER.copy());

    /** Last, so that Quarkus' own customizer (which sets unknown-property handling from config) cannot undo it. */
    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        strictSyntax(mapper);
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        // text is text: 7, 2.5 or true are not read as "7", "2.5", "true"
        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        // a yes/no is true or false: not "true", 1 or 0.0; an enum is one of its names, not ""
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Enum).setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        mapper.setDefaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL));
        mapper.addHandler(new UnknownProperties());
        mapper.registerModule(numbers());
    }

    /**
     * A free-form body (one whose fields a service checks itself) as exact JSON: decimals as written, a key given
     * twice or anything after the body refused as malformed (a 400 through {@code ProblemMappers}).
     */
    public static JsonNode readTree(String body) throws JsonProcessingException {
        return TREES.readTree(body == null ? "" : body);
    }

    private static ObjectMapper strictSyntax(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.getFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        return mapper;
    }

    /** Every number type a request may have, read by the shared rule. */
    static SimpleModule numbers() {
        return new SimpleModule("bounded-numbers")
                .addDeserializer(Double.class, new BoundedNumber<>(Double.class, false, false, JsonParser::getDoubleValue))
                .addDeserializer(Double.TYPE, new BoundedNumber<>(Double.TYPE, false, true, JsonParser::getDoubleValue))
                .addDeserializer(Float.class, new BoundedNumber<>(Float.class, false, false, JsonParser::getFloatValue))
                .addDeserializer(Float.TYPE, new BoundedNumber<>(Float.TYPE, false, true, JsonParser::getFloatValue))
                .addDeserializer(Integer.class, new BoundedNumber<>(Integer.class, true, false, JsonParser::getIntValue))
                .addDeserializer(Integer.TYPE, new BoundedNumber<>(Integer.TYPE, true, true, JsonParser::getIntValue))
                .addDeserializer(Long.class, new BoundedNumber<>(Long.class, true, false, JsonParser::getLongValue))
                .addDeserializer(Long.TYPE, new BoundedNumber<>(Long.TYPE, true, true, JsonParser::getLongValue))
                .addDeserializer(Instant.class, new IsoInstant());
    }

    /** A time as ISO-8601 text in UTC or with an offset; a number (epoch seconds, or {@code 1e400}) is refused. */
    static final class IsoInstant extends StdScalarDeserializer<Instant> {

        IsoInstant() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                throw MismatchedInputException.from(p, Instant.class, "must be an ISO-8601 time as text");
            }
            try {
                return DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(p.getText(), Instant::from);
            } catch (DateTimeException e) {
                throw InvalidFormatException.from(p, p.getText() + " is not an ISO-8601 time such as "
                        + "2026-12-03T10:15:30Z", p.getText(), Instant.class);
            }
        }
    }

    /** How a number that passed the rule is taken from the parser. */
    @FunctionalInterface
    interface NumberValue<T> {
        T read(JsonParser parser) throws IOException;
    }

    /**
     * A number read by the shared rule: a JSON number, finite, from 0 (or the field's own negative lower bound) to
     * {@link #MAX_NUMBER}, whole for integers.
     */
    static final class BoundedNumber<T> extends StdScalarDeserializer<T> implements ContextualDeserializer {

        private final boolean whole;
        private final boolean primitive;
        private final BigDecimal min;
        private final transient NumberValue<T> value;

        BoundedNumber(Class<T> type, boolean whole, boolean primitive, NumberValue<T> value) {
            this(type, whole, primitive, BigDecimal.ZERO, value);
        }

        private BoundedNumber(Class<T> type, boolean whole, boolean primitive, BigDecimal min, NumberValue<T> value) {
            super(type);
            this.whole = whole;
            this.primitive = primitive;
            this.min = min;
            this.value = value;
        }

        /** The field's own lower bound, where it declares one below zero. */
        @Override
        @SuppressWarnings("unchecked")
        public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
            BigDecimal declared = property == null ? null : declaredMin(property);
            return declared == null || declared.signum() >= 0 ? this
                    : new BoundedNumber<>((Class<T>) handledType(), whole, primitive, declared, value);
        }

        private static BigDecimal declaredMin(BeanProperty property) {
            DecimalMin decimal = property.getAnnotation(DecimalMin.class);
            if (decimal != null) {
                return new BigDecimal(decimal.value());
            }
            Min integer = property.getAnnotation(Min.class);
            return integer == null ? null : BigDecimal.valueOf(integer.value());
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
                throw MismatchedInputException.from(p, handledType(), "must be a JSON number"
                        + (token == JsonToken.VALUE_STRING ? ", not text" : ""));
            }
            if (whole && token == JsonToken.VALUE_NUMBER_FLOAT) {
                throw InvalidFormatException.from(p, p.getText() + " is not a whole number", p.getText(), handledType());
            }
            // compared exactly: as a double, 1e400 (or a 400-digit integer) would be Infinity
            if (p.isNaN() || p.getDecimalValue().compareTo(min) < 0 || p.getDecimalValue().compareTo(MAX_NUMBER) > 0) {
                throw InvalidFormatException.from(p, p.getText() + " is not a finite number from "
                        + min.toPlainString() + " to " + String.format("%,d", MAX_NUMBER.longValue()), p.getText(),
                        handledType());
            }
            return value.read(p);
        }

        @Override
        public T getNullValue(DeserializationContext ctxt) throws JsonMappingException {
            if (primitive) {
                throw MismatchedInputException.from(ctxt.getParser(), handledType(), "must be a JSON number, not null");
            }
            return null;
        }
    }

    /** A property the request does not have: named, with those it has (Jackson's own message names Java classes). */
    static final class UnknownProperties extends DeserializationProblemHandler {
        @Override
        public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer,
                                             Object beanOrClass, String propertyName) throws IOException {
            Collection<Object> known = deserializer.getKnownPropertyNames();
            String has = known == null || known.isEmpty() ? ""
                    : " (it has " + known.stream().map(Object::toString).collect(Collectors.joining(", ")) + ")";
            var refused = MismatchedInputException.from(p, (Class<?>) null, "is not a field of this request" + has);
            refused.prependPath(beanOrClass, propertyName);
            throw refused;
        }
    }
}
