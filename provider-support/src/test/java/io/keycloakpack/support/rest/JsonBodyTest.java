package io.keycloakpack.support.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonBodyTest {

    record Body(String name, List<String> scopes, Long expiresAt, Integer perMinute, boolean enabled) {
    }

    private static Body read(String json) {
        return JsonBody.parse(json.getBytes(StandardCharsets.UTF_8), Body.class);
    }

    private static String completeRefusal(String json) {
        IllegalArgumentException refused = catchThrowableOfType(IllegalArgumentException.class,
                () -> JsonBody.parseComplete(json.getBytes(StandardCharsets.UTF_8), Policy.class));
        assertThat(refused).as(json).isNotNull();
        return refused.getMessage();
    }

    private static String refusal(String json) {
        IllegalArgumentException refused = catchThrowableOfType(IllegalArgumentException.class, () -> read(json));
        assertThat(refused).as(json).isNotNull();
        return refused.getMessage();
    }

    @Test
    void wellFormedBodyIsReadAsSent() {
        assertThat(read("{\"name\":\"ci\",\"scopes\":[\"a:read\"],\"expiresAt\":1900000000,\"perMinute\":5,"
                + "\"enabled\":true}")).isEqualTo(new Body("ci", List.of("a:read"), 1_900_000_000L, 5, true));
    }

    @Test
    void emptyBodyAndJsonNullAreNullForTheCallerToRefuse() {
        assertThat(JsonBody.parse(new byte[0], Body.class)).isNull();
        assertThat(read("null")).isNull();
    }

    @Test
    void fractionIsRefusedNamingTheFieldRatherThanRoundedDown() {
        assertThat(refusal("{\"perMinute\":1.5}")).isEqualTo("'perMinute' must be a whole number");
        assertThat(refusal("{\"expiresAt\":1.9e9}")).isEqualTo("'expiresAt' must be a whole number");
    }

    @Test
    void numberTooLargeForTheFieldIsRefusedNamingIt() {
        assertThat(refusal("{\"perMinute\":99999999999}")).isEqualTo("'perMinute' must be a whole number within range");
    }

    @Test
    void misspeltFieldIsRefusedNamingItAndTheKnownOnes() {
        assertThat(refusal("{\"expires_at\":1900000000}"))
                .isEqualTo("Unknown field 'expires_at'; known fields: enabled, expiresAt, name, perMinute, scopes");
    }

    @Test
    void textWhereANumberOrBooleanBelongsAndTheOtherWayRoundIsRefusedNamingTheField() {
        assertThat(refusal("{\"perMinute\":\"5\"}")).isEqualTo("'perMinute' must be a whole number");
        assertThat(refusal("{\"enabled\":\"true\"}")).isEqualTo("'enabled' must be true or false");
        assertThat(refusal("{\"enabled\":1}")).isEqualTo("'enabled' must be true or false");
        assertThat(refusal("{\"name\":5}")).isEqualTo("'name' must be a string");
        assertThat(refusal("{\"scopes\":[true]}")).isEqualTo("'scopes[0]' must be a string");
    }

    record Policy(boolean enabled, int days) {
    }

    @Test
    void aBodyReplacingAWholeRecordMustGiveEveryFieldAndNoNull() {
        assertThat(JsonBody.parseComplete("{\"enabled\":true,\"days\":3}".getBytes(StandardCharsets.UTF_8),
                Policy.class)).isEqualTo(new Policy(true, 3));
        assertThat(completeRefusal("{\"days\":3}")).isEqualTo("'enabled' is required");
        assertThat(completeRefusal("{\"enabled\":null,\"days\":3}")).isEqualTo("'enabled' is required");
    }

    @Test
    void aRepeatedFieldIsRefusedRatherThanTheLastOneWinning() {
        assertThat(refusal("{\"name\":\"x\",\"name\":\"y\"}")).startsWith("Malformed JSON");
    }

    @Test
    void wrongTypesAreRefusedNamingTheField() {
        assertThat(refusal("{\"scopes\":{\"a\":1}}")).isEqualTo("'scopes' must be an array");
        assertThat(refusal("{\"scopes\":[[\"nested\"]]}")).isEqualTo("'scopes[0]' must be a string");
        assertThat(refusal("{\"enabled\":\"yes\"}")).isEqualTo("'enabled' must be true or false");
        assertThat(refusal("{\"expiresAt\":\"tomorrow\"}")).isEqualTo("'expiresAt' must be a whole number");
    }

    @Test
    void somethingOtherThanOneObjectIsRefused() {
        assertThat(refusal("[]")).isEqualTo("The body must be one JSON object");
        assertThat(refusal("{\"name\":\"a\"} {\"name\":\"b\"}")).isEqualTo("The body must be one JSON object");
    }

    @Test
    void malformedJsonIsRefusedWithWhereItBroke() {
        assertThat(refusal("{\"name\":")).startsWith("Malformed JSON at line 1, column ");
        assertThat(refusal("{\"name\": \"half")).startsWith("Malformed JSON at line 1, column ");
        assertThat(refusal("{name: 1}")).isEqualTo("Malformed JSON at line 1, column 2");
    }
}
