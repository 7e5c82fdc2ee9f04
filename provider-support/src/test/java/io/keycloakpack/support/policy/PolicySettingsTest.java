package io.keycloakpack.support.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicySettingsTest {

    private static final IntSetting LIFESPAN = new IntSetting("token-lifespan-seconds", "tokenLifespanSeconds", 900,
            30, 86_400, "");

    private static PolicySettings of(Map<String, String> stored) {
        return PolicySettings.stored(stored::get, "keycloak-pack.test.", "realm-a");
    }

    @Test
    void unsetValueIsTheDefault() {
        assertThat(of(Map.of()).integer(LIFESPAN)).isEqualTo(900);
    }

    @Test
    void valueWithinBoundsIsTakenAsStored() {
        assertThat(of(Map.of("token-lifespan-seconds", " 3600 ")).integer(LIFESPAN)).isEqualTo(3600);
    }

    @Test
    void valueAboveTheBoundIsTheBound() {
        assertThat(of(Map.of("token-lifespan-seconds", "31536000")).integer(LIFESPAN)).isEqualTo(86_400);
    }

    @Test
    void valueBelowTheBoundIsTheBound() {
        assertThat(of(Map.of("token-lifespan-seconds", "-5")).integer(LIFESPAN)).isEqualTo(30);
    }

    @Test
    void unreadableValueIsTheDefault() {
        assertThat(of(Map.of("token-lifespan-seconds", "a year")).integer(LIFESPAN)).isEqualTo(900);
        assertThat(of(Map.of("flag", "yes")).bool("flag", false)).isFalse();
        assertThat(of(Map.of("prefix", "Bad Prefix")).text("prefix", "kp_", value -> value.matches("[a-z_]+")))
                .isEqualTo("kp_");
    }

    @Test
    void typedValuesAreReadAsTheyAreForValidationToRefuse() {
        PolicySettings typed = PolicySettings.typed(Map.of("token-lifespan-seconds", "31536000",
                "prefix", "Bad Prefix")::get, "realm-a");
        assertThat(typed.integer(LIFESPAN)).isEqualTo(31_536_000);
        assertThat(typed.text("prefix", "kp_", value -> value.matches("[a-z_]+"))).isEqualTo("Bad Prefix");
        List<String> problems = new ArrayList<>();
        LIFESPAN.check(PolicySettings.typed(Map.of("token-lifespan-seconds", "a year")::get, "realm-a")
                .integer(LIFESPAN), problems);
        assertThat(problems).hasSize(1);
    }

    @Test
    void checkNamesTheSettingAndItsBounds() {
        List<String> problems = new ArrayList<>();
        LIFESPAN.check(10, problems);
        LIFESPAN.check(900, problems);
        assertThat(problems).containsExactly("tokenLifespanSeconds must be between 30 and 86400");
    }
}
