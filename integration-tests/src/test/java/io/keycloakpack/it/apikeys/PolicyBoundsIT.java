package io.keycloakpack.it.apikeys;

import static org.assertj.core.api.Assertions.assertThat;

import io.keycloakpack.it.harness.HttpJson;
import io.keycloakpack.it.harness.KeycloakPackExtension;
import io.keycloakpack.it.harness.PackEnvironment;
import io.keycloakpack.it.harness.TestRealm;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * The key and rotation policies validate their ranges at their REST endpoints and console tabs; the same realm
 * attributes written through the realm API (or a realm import) must end in the same bounded policy, and the log
 * must say which attribute was out of range and what was used instead.
 */
@ExtendWith(KeycloakPackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PolicyBoundsIT {

    private final PackEnvironment environment;
    private final TestRealm realm;
    private final ApiKeyClient keys;

    PolicyBoundsIT(PackEnvironment environment, TestRealm realm) {
        this.environment = environment;
        this.realm = realm;
        this.keys = new ApiKeyClient(environment, realm);
    }

    @BeforeAll
    void setUp() {
        keys.prepareRealm();
    }

    @Test
    void oneYearKeyTokenLifespanWrittenThroughTheRealmApiIsCappedAtTheBound() {
        setAttributes(Map.of("keycloak-pack.api-key.token-lifespan-seconds", "31536000"));

        HttpJson.Reply reply = keys.exchange(keys.createKey(keys.userToken("alice"), List.of()));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.json().get("expires_in").asLong()).isBetween(86_390L, 86_400L);
        assertThat(environment.admin().get(realm.path("/api-keys/policy")).json().get("tokenLifespanSeconds")
                .asInt()).isEqualTo(86_400);
        assertThat(environment.keycloak().log()).contains("Realm '" + realm.name()
                + "': attribute 'keycloak-pack.api-key.token-lifespan-seconds' value '31536000' is outside 30..86400;"
                + " using '86400'");
    }

    @Test
    void tenMinuteRefreshGraceWindowWrittenThroughTheRealmApiIsCappedAtTenSeconds() {
        setAttributes(Map.of("keycloak-pack.rotation.refresh-grace-seconds", "600"));

        HttpJson.Reply policy = environment.admin().get(realm.path("/rotation-policy"));

        assertThat(policy.json().get("refreshGraceSeconds").asInt()).as(policy.toString()).isEqualTo(10);
        assertThat(environment.keycloak().log()).contains("attribute 'keycloak-pack.rotation.refresh-grace-seconds' "
                + "value '600' is outside 0..10; using '10'");
    }

    @Test
    void unreadableValueInAnImportedRealmIsTheDefault() {
        RealmRepresentation imported = new RealmRepresentation();
        imported.setRealm(realm.name() + "-imported");
        imported.setEnabled(true);
        imported.setAttributes(Map.of("keycloak-pack.api-key.max-active-keys-per-owner", "lots"));
        environment.admin().create("", imported);
        try {
            HttpJson.Reply policy = environment.admin().get("/" + imported.getRealm() + "/api-keys/policy");

            assertThat(policy.json().get("maxActiveKeysPerOwner").asInt()).isEqualTo(10);
        } finally {
            environment.admin().delete("/" + imported.getRealm());
        }
    }

    private void setAttributes(Map<String, String> attributes) {
        RealmRepresentation settings = realm.representation();
        settings.getAttributes().putAll(attributes);
        realm.update(settings);
    }
}
