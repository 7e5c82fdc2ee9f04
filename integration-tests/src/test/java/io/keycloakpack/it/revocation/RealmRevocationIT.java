package io.keycloakpack.it.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keycloakpack.contract.RevocationSchema;
import io.keycloakpack.contract.RevocationSchema.Kind;
import io.keycloakpack.it.harness.HttpJson;
import io.keycloakpack.it.harness.KeycloakPackExtension;
import io.keycloakpack.it.harness.PackEnvironment;
import io.keycloakpack.it.harness.TestRealm;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/**
 * The emergency endpoint's realm-wide revocation, in a realm of its own (it ends every session of its realm, so it
 * cannot share one with other tests).
 */
@ExtendWith(KeycloakPackExtension.class)
class RealmRevocationIT {

    private static final String APP = "app";

    private final PackEnvironment environment;
    private final TestRealm realm;

    RealmRevocationIT(PackEnvironment environment, TestRealm realm) {
        this.environment = environment;
        this.realm = realm;
    }

    @Test
    void aUserManagerCannotRevokeTheRealmAndARealmManagersRevocationEndsEverySessionOfflineOnesIncluded()
            throws InterruptedException {
        realm.enableRevocationListener();
        realm.createPublicClient(APP);
        realm.grantRealmManagementRoles(realm.createUser("helpdesk", "helpdesk-password"), "manage-users");
        realm.createUser("carl", "carl-password");
        JsonNode online = login("carl", "openid");
        JsonNode offline = login("carl", "openid offline_access");
        String helpdesk = login("helpdesk", "openid").get("access_token").asText();

        HttpJson.Reply byUserManager = environment.http().send("POST",
                environment.admin().url(realm.path("/revocations")), helpdesk, Map.of("type", "realm"));
        assertThat(byUserManager.status()).as("manage-users is not manage-realm: " + byUserManager).isEqualTo(403);
        assertThat(refresh(online).status()).as("a refused revocation revokes nothing").isEqualTo(200);

        long before = Instant.now().getEpochSecond();
        HttpJson.Reply revoked = environment.admin().post(realm.path("/revocations"), Map.of("type", "realm"));
        long after = Instant.now().getEpochSecond();

        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(202);
        JsonNode answer = revoked.json();
        assertThat(answer.get("type").asText()).isEqualTo("realm");
        assertThat(answer.has("id")).as("a realm revocation names no id: " + answer).isFalse();
        long notBefore = answer.get("notBefore").asLong();
        assertThat(notBefore).as("the second after the revocation").isBetween(before + 1, after + 1);
        assertThat(realm.representation().getNotBefore()).as("Keycloak's own not-before").isEqualTo(notBefore);
        assertThat(answer.get("expiresAt").asLong()).isGreaterThan(notBefore);
        String key = RevocationSchema.notBeforeKey(realm.name(), Kind.REALM, null);
        environment.redis().awaitKey(key);
        try (Jedis redis = environment.redis().connect()) {
            assertThat(Long.parseLong(redis.get(key))).isEqualTo(notBefore);
        }
        assertRefused(refresh(online), "the online session");
        assertRefused(refresh(offline), "the offline session");

        Thread.sleep(Math.max(0, notBefore * 1000 - System.currentTimeMillis()) + 50);
        assertThat(refresh(login("carl", "openid")).status()).as("a login after the revocation's second works")
                .isEqualTo(200);
    }

    private static void assertRefused(HttpJson.Reply refresh, String what) {
        assertThat(refresh.status()).as(what + ": " + refresh).isEqualTo(400);
        assertThat(refresh.json().get("error").asText()).isEqualTo("invalid_grant");
    }

    private JsonNode login(String username, String scope) {
        return realm.passwordGrant(APP, username, username + "-password", scope).json();
    }

    private HttpJson.Reply refresh(JsonNode tokens) {
        return realm.refresh(APP, tokens.get("refresh_token").asText());
    }
}
