package io.keycloakpack.it.apikeys;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keycloakpack.apikey.grant.ApiKeyGrantTypeFactory;
import io.keycloakpack.apikey.key.ApiKey;
import io.keycloakpack.apikey.key.ApiKeyFormat;
import io.keycloakpack.it.harness.HttpJson;
import io.keycloakpack.it.harness.Jwt;
import io.keycloakpack.it.harness.KeycloakPackExtension;
import io.keycloakpack.it.harness.PackEnvironment;
import io.keycloakpack.it.harness.TestRealm;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** An API key, created by its owner, is exchanged at the token endpoint; every bad key gets its defined answer. */
@ExtendWith(KeycloakPackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiKeyExchangeIT {

    static final String PREFIX = ApiKeyFormat.DEFAULT_PREFIX;

    private final PackEnvironment environment;
    private final TestRealm realm;
    private final ApiKeyClient keys;
    private String aliceId;

    ApiKeyExchangeIT(PackEnvironment environment, TestRealm realm) {
        this.environment = environment;
        this.realm = realm;
        this.keys = new ApiKeyClient(environment, realm);
    }

    @BeforeAll
    void setUpRealm() {
        aliceId = keys.prepareRealm();
    }


    @Test
    void keyIsExchangedForAShortLivedRs256TokenThatSaysItCameFromTheKey() {
        String key = keys.createKey(keys.userToken("alice"), List.of("events:read"));

        HttpJson.Reply reply = keys.exchange(key);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.json().has("refresh_token")).isFalse();
        assertThat(reply.json().get("expires_in").asInt()).isBetween(890, 900);
        String accessToken = reply.json().get("access_token").asText();
        assertThat(Jwt.header(accessToken).get("alg").asText()).isEqualTo("RS256");
        JsonNode claims = Jwt.claims(accessToken);
        assertThat(claims.get("sub").asText()).isEqualTo(aliceId);
        assertThat(claims.get("api_key_id").asText()).isEqualTo(ApiKeyClient.publicIdOf(key, PREFIX));
        assertThat(claims.get("scope").asText().split(" ")).contains("events:read");
    }

    @Test
    void keyMayComeAsXApiKeyHeaderOrAuthorizationApiKey() {
        String key = keys.createKey(keys.userToken("alice"), List.of());

        assertThat(keys.exchangeWithHeader("X-API-Key", key).status()).isEqualTo(200);
        assertThat(keys.exchangeWithHeader("Authorization", "ApiKey " + key).status()).isEqualTo(200);
    }

    @Test
    void keyIsShownOnceAndNeverListedAgain() {
        String token = keys.userToken("alice");
        String key = keys.createKey(token, List.of("events:write"));

        HttpJson.Reply listed = keys.list(token);

        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body()).contains(ApiKeyClient.publicIdOf(key, PREFIX)).doesNotContain(key)
                .doesNotContain(ApiKeyClient.secretOf(key, PREFIX));
    }

    @Test
    void clientWithoutTheGrantEnabledIsRefused() {
        String key = keys.createKey(keys.userToken("alice"), List.of());
        realm.createPublicClient("plain-app");

        HttpJson.Reply reply = environment.http().postForm(realm.tokenEndpoint(), Map.of("grant_type",
                ApiKeyGrantTypeFactory.GRANT_TYPE, "client_id", "plain-app", "api_key", key), Map.of());

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("error").asText()).isEqualTo("unauthorized_client");
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class GivenABadKey {

        @Test
        void malformedKeyIsInvalidGrant() {
            assertRefused(keys.exchange(PREFIX + "not-a-key"), 401, "invalid_grant", "Malformed API key");
        }

        @Test
        void keyWithABadChecksumIsInvalidGrant() {
            String key = keys.createKey(keys.userToken("alice"), List.of());
            String typo = key.substring(0, key.length() - 1) + (key.endsWith("A") ? "B" : "A");
            assertRefused(keys.exchange(typo), 401, "invalid_grant", "Malformed API key");
        }

        @Test
        void unknownIdAndWrongSecretGetTheSameAnswer() {
            String unknown = new ApiKey(PREFIX, "000000000000", "0".repeat(32)).value();
            String key = keys.createKey(keys.userToken("bob"), List.of());
            String wrongSecret = new ApiKey(PREFIX, ApiKeyClient.publicIdOf(key, PREFIX), "1".repeat(32)).value();

            HttpJson.Reply unknownReply = keys.exchange(unknown);
            HttpJson.Reply wrongReply = keys.exchange(wrongSecret);

            assertRefused(unknownReply, 401, "invalid_grant", "Invalid API key");
            assertThat(wrongReply.status()).isEqualTo(unknownReply.status());
            assertThat(wrongReply.body()).isEqualTo(unknownReply.body());
        }

        @Test
        void expiredKeyStopsWorkingAtItsExpiry() throws InterruptedException {
            long expiresAt = Instant.now().getEpochSecond() + 2;
            HttpJson.Reply created = keys.create(keys.userToken("alice"), "short-lived", List.of(), expiresAt);
            String key = created.json().get("key").asText();
            assertThat(keys.exchange(key).status()).isEqualTo(200);

            Thread.sleep(Math.max(0, expiresAt * 1000 - System.currentTimeMillis()) + 300);

            assertRefused(keys.exchange(key), 401, "invalid_grant", "API key expired");
        }

        @Test
        void revokedKeyIsRefused() {
            String token = keys.userToken("alice");
            String key = keys.createKey(token, List.of());
            assertThat(keys.revoke(token, ApiKeyClient.publicIdOf(key, PREFIX)).status()).isEqualTo(204);

            assertRefused(keys.exchange(key), 401, "invalid_grant", "API key revoked");
        }

        @Test
        void disabledOwnersKeyIsRefused() {
            String dave = realm.createUser("dave", "dave-password");
            String key = keys.createKey(keys.userToken("dave"), List.of());
            realm.setUserEnabled(dave, false);

            assertRefused(keys.exchange(key), 401, "invalid_grant", "API key owner is disabled");
        }

        @Test
        void keyInTheUrlQueryIsRefusedAndNotLogged() {
            String key = keys.createKey(keys.userToken("alice"), List.of());

            HttpJson.Reply reply = environment.http().postForm(realm.tokenEndpoint() + "?api_key=" + key,
                    Map.of("grant_type", ApiKeyGrantTypeFactory.GRANT_TYPE, "client_id", ApiKeyClient.CLIENT_ID),
                    Map.of());

            assertRefused(reply, 400, "invalid_request", "API keys must not be sent in the URL");
            assertThat(environment.keycloak().log()).doesNotContain(key);
        }

        @Test
        void oversizedOrNonAsciiKeyIsRefusedAsUnreadable() {
            assertRefused(keys.exchange(PREFIX + "a".repeat(200)), 400, "invalid_request", "Malformed API key");
            assertRefused(keys.exchange(PREFIX + "äöü"), 400, "invalid_request", "Malformed API key");
        }

        @Test
        void missingKeyIsInvalidRequest() {
            HttpJson.Reply reply = environment.http().postForm(realm.tokenEndpoint(), Map.of("grant_type",
                    ApiKeyGrantTypeFactory.GRANT_TYPE, "client_id", ApiKeyClient.CLIENT_ID), Map.of());
            assertRefused(reply, 400, "invalid_request", "API key missing");
        }
    }

    static void assertRefused(HttpJson.Reply reply, int status, String error, String description) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.json().get("error").asText()).isEqualTo(error);
        assertThat(reply.json().get("error_description").asText()).isEqualTo(description);
    }
}
