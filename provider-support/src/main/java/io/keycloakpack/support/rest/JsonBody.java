package io.keycloakpack.support.rest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.keycloak.util.JsonSerialization;

/**
 * Reads the JSON body of one of the pack's endpoints so that nothing the caller sent is silently changed or dropped:
 * a fraction where a whole number belongs is not rounded down, a misspelt field (say {@code expires_at}, which would
 * otherwise leave a key that never expires) is not ignored, and neither is a value of the wrong type or text after
 * the object. Each is a 400 {@code invalid_request} that names the field; nothing is stored.
 */
public final class JsonBody {

    private static final ObjectMapper STRICT = strict();

    private static final Set<Class<?>> WHOLE_NUMBERS = Set.of(Integer.class, int.class, Long.class, long.class,
            Short.class, short.class);

    private JsonBody() {
    }

    /**
     * Keycloak's own mapper, minus what it forgives: fractions read as whole numbers, unknown fields, trailing text,
     * a repeated field (the last would win), and text read as a number or boolean or the other way round.
     */
    private static ObjectMapper strict() {
        ObjectMapper mapper = JsonSerialization.mapper.copy()
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        for (LogicalType scalar : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            mapper.coercionConfigFor(scalar).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        for (CoercionInputShape scalar : List.of(CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean)) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(scalar, CoercionAction.Fail);
        }
        return mapper;
    }

    /** The body as {@code type}; {@code null} for an empty body or a JSON {@code null}, which callers refuse. */
    public static <T> T read(byte[] body, Class<T> type) {
        try {
            return parse(body, type);
        } catch (IllegalArgumentException refused) {
            throw JsonError.badRequest(refused.getMessage());
        }
    }

    /**
     * As {@link #read}, for a record that the body replaces as a whole (a policy): a field left out or null would
     * silently become false or 0, so each must be there.
     */
    public static <T extends Record> T readComplete(byte[] body, Class<T> type) {
        try {
            return parseComplete(body, type);
        } catch (IllegalArgumentException refused) {
            throw JsonError.badRequest(refused.getMessage());
        }
    }

    /** As {@link #read}, refusing with the words of the 400 (apart from the JAX-RS response, for unit tests). */
    static <T> T parse(byte[] body, Class<T> type) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return STRICT.readValue(body, type);
        } catch (UnrecognizedPropertyException unknown) {
            throw new IllegalArgumentException("Unknown field '" + path(unknown) + "'; known fields: "
                    + String.join(", ", known(unknown.getKnownPropertyIds())));
        } catch (JsonMappingException wrong) {
            if (wrong.getCause() instanceof JsonParseException malformed) {
                // Broken JSON inside a field's value (an unterminated string): the JSON, not the value, is wrong.
                throw malformed(malformed.getLocation());
            }
            throw new IllegalArgumentException(wrong.getPath().isEmpty() ? "The body must be one JSON object"
                    : "'" + path(wrong) + "' must be " + expected(wrong));
        } catch (JsonProcessingException malformed) {
            throw malformed(malformed.getLocation());
        } catch (IOException unreadable) {
            throw new IllegalArgumentException("Unreadable JSON body");
        }
    }

    static <T extends Record> T parseComplete(byte[] body, Class<T> type) {
        T value = parse(body, type);
        if (value != null) {
            JsonNode fields = readTree(body);
            for (RecordComponent component : type.getRecordComponents()) {
                JsonNode field = fields.path(component.getName());
                if (field.isMissingNode() || field.isNull()) {
                    throw new IllegalArgumentException("'" + component.getName() + "' is required");
                }
            }
        }
        return value;
    }

    private static JsonNode readTree(byte[] body) {
        try {
            return STRICT.readTree(body);
        } catch (IOException unreadable) {
            throw new IllegalArgumentException("Unreadable JSON body");
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference step : e.getPath()) {
            if (step.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(step.getFieldName());
            } else {
                path.append('[').append(step.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String expected(JsonMappingException wrong) {
        Class<?> target = wrong instanceof MismatchedInputException mismatch ? mismatch.getTargetType()
                : wrong.getCause() instanceof InputCoercionException coercion ? coercion.getTargetType() : null;
        if (target == null) {
            return "a valid value";
        }
        if (WHOLE_NUMBERS.contains(target)) {
            return wrong.getCause() instanceof InputCoercionException ? "a whole number within range"
                    : "a whole number";
        }
        if (target == Boolean.class || target == boolean.class) {
            return "true or false";
        }
        if (target == String.class) {
            return "a string";
        }
        return Collection.class.isAssignableFrom(target) || target.isArray() ? "an array" : "a JSON object";
    }

    private static List<String> known(Collection<Object> ids) {
        return ids == null ? List.of() : ids.stream().map(String::valueOf).sorted().toList();
    }

    private static IllegalArgumentException malformed(JsonLocation at) {
        return new IllegalArgumentException(at == null || at.getLineNr() < 1 ? "Malformed JSON"
                : "Malformed JSON at line " + at.getLineNr() + ", column " + at.getColumnNr());
    }
}
