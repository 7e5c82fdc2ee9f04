package io.keycloakpack.it.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keycloakpack.contract.RevocationSchema;
import io.keycloakpack.contract.RevocationSchema.Kind;
import io.keycloakpack.it.harness.HttpJson;
import io.keycloakpack.it.harness.Jwt;
import io.keycloakpack.it.harness.KeycloakPackExtension;
import io.keycloakpack.it.harness.PackEnvironment;
import io.keycloakpack.it.harness.Prometheus;
import io.keycloakpack.it.harness.TestRealm;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.ClientRepresentation;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/** Keycloak events and the emergency endpoint become revocations in Redis, in the documented schema. */
@ExtendWith(KeycloakPackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisRevocationIT {

    private static final String APP = "app";
    /** The realm's longest access-token lifetime: API-key tokens, 900 s by default. */
    private static final long LONGEST_LIFESPAN = 900;

    private final PackEnvironment environment;
    private final TestRealm realm;

    RedisRevocationIT(PackEnvironment environment, TestRealm realm) {
        this.environment = environment;
        this.realm = realm;
    }

    @BeforeAll
    void enableListener() {
        realm.enableRevocationListener();
        realm.createPublicClient(APP);
    }

    @Test
    void emergencyRevocationOfAUserReachesRedisWithTheDocumentedKeyTtlAndMessage() {
        String userId = realm.createUser("alice", "alice-password");
        String refreshToken = realm.passwordGrant(APP, "alice", "alice-password").json().get("refresh_token")
                .asText();
        long before = Instant.now().getEpochSecond();

        HttpJson.Reply reply = environment.admin().post(realm.path("/revocations"),
                Map.of("type", "user", "id", userId));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
        String key = RevocationSchema.notBeforeKey(realm.name(), Kind.USER, userId);
        awaitKey(key);
        try (Jedis redis = environment.redis().connect()) {
            assertThat(Long.parseLong(redis.get(key))).isBetween(before, before + 5);
            assertThat(redis.ttl(key)).isBetween(LONGEST_LIFESPAN - 5, LONGEST_LIFESPAN + 1);
            assertThat(lastMessage(redis)).containsEntry("v", "1").containsEntry("k", "u").containsEntry("id", userId);
        }
        HttpJson.Reply refresh = environment.http().postForm(realm.tokenEndpoint(), Map.of("grant_type",
                "refresh_token", "client_id", APP, "refresh_token", refreshToken), Map.of());
        assertThat(refresh.status()).as("Keycloak itself honours the revocation").isEqualTo(400);
    }

    /**
     * A client revoked in the same second a refresh token of it was issued: Keycloak's not-before is the second
     * after, as in Redis, so the token mints nothing more (it was Keycloak's current second, and the token slipped
     * through).
     */
    @Test
    void aRefreshTokenIssuedInTheSecondOfAClientRevocationIsRefusedByKeycloakToo() throws InterruptedException {
        realm.createPublicClient("same-second-app");
        realm.createUser("sam", "sam-password");
        for (int attempt = 0; attempt < 5; attempt++) {
            Thread.sleep(1000 - System.currentTimeMillis() % 1000);
            JsonNode tokens = realm.passwordGrant("same-second-app", "sam", "sam-password").json();
            HttpJson.Reply revoked = environment.admin().post(realm.path("/revocations"),
                    Map.of("type", "client", "id", "same-second-app"));
            assertThat(revoked.status()).as(revoked.toString()).isEqualTo(202);
            if (revoked.json().get("notBefore").asLong() - 1 == Jwt.claims(tokens.get("refresh_token").asText())
                    .get("iat").asLong()) {
                HttpJson.Reply refresh = environment.http().postForm(realm.tokenEndpoint(), Map.of("grant_type",
                        "refresh_token", "client_id", "same-second-app", "refresh_token",
                        tokens.get("refresh_token").asText()), Map.of());
                assertThat(refresh.status()).as(refresh.toString()).isEqualTo(400);
                return;
            }
        }
        throw new AssertionError("A login and a revocation never fitted in one second");
    }

    /** An emergency leaves no offline token working: neither a session's nor a user's revocation spares one. */
    @Test
    void emergencyRevocationOfASessionOrAUserEndsItsOfflineSessionsInKeycloakToo() {
        String userId = realm.createUser("olga", "olga-password");
        JsonNode revokedSession = offlineLogin("olga");
        JsonNode otherSession = offlineLogin("olga");

        assertThat(environment.admin().post(realm.path("/revocations"), Map.of("type", "session", "id",
                Jwt.claims(revokedSession.get("access_token").asText()).get("sid").asText())).status()).isEqualTo(202);

        assertThat(refresh(revokedSession).status()).as("the revoked offline session").isEqualTo(400);
        HttpJson.Reply sibling = refresh(otherSession);
        assertThat(sibling.status()).as("the user's other offline session").isEqualTo(200);

        assertThat(environment.admin().post(realm.path("/revocations"), Map.of("type", "user", "id", userId))
                .status()).isEqualTo(202);

        assertThat(refresh(sibling.json()).status()).as("every offline session of the revoked user").isEqualTo(400);
    }

    @Test
    void logoutRevokesTheSession() {
        realm.createUser("bob", "bob-password");
        JsonNode tokens = realm.passwordGrant(APP, "bob", "bob-password").json();
        String sessionId = Jwt.claims(tokens.get("access_token").asText()).get("sid").asText();

        HttpJson.Reply logout = environment.http().postForm(realm.issuer() + "/protocol/openid-connect/logout",
                Map.of("client_id", APP, "refresh_token", tokens.get("refresh_token").asText()), Map.of());

        assertThat(logout.status()).isEqualTo(204);
        awaitKey(RevocationSchema.notBeforeKey(realm.name(), Kind.SESSION, sessionId));
    }

    @Test
    void disablingAUserInTheAdminConsoleRevokesTheUser() {
        String userId = realm.createUser("carol", "carol-password");

        realm.setUserEnabled(userId, false);

        awaitKey(RevocationSchema.notBeforeKey(realm.name(), Kind.USER, userId));
    }

    @Test
    void adminPasswordResetAndUserDeletionRevokeTheUser() {
        String reset = realm.createUser("gina", "gina-password");
        String deleted = realm.createUser("hank", "hank-password");

        assertThat(environment.admin().put(realm.path("/users/" + reset + "/reset-password"), Map.of("type",
                "password", "value", "new-password", "temporary", false)).status()).isEqualTo(204);
        assertThat(environment.admin().delete(realm.path("/users/" + deleted)).status()).isEqualTo(204);

        awaitKey(RevocationSchema.notBeforeKey(realm.name(), Kind.USER, reset));
        awaitKey(RevocationSchema.notBeforeKey(realm.name(), Kind.USER, deleted));
    }

    @Test
    void signingOutAllSessionsOfTheRealmRevokesTheRealm() {
        assertThat(environment.admin().post(realm.path("/logout-all"), null).status()).isEqualTo(200);

        awaitKey(RevocationSchema.notBeforeKey(realm.name(), Kind.REALM, null));
    }

    @Test
    void revokingAnApiKeyRevokesTheTokensIssuedFromIt() {
        ClientRepresentation keyClient = new ClientRepresentation();
        keyClient.setClientId("keys");
        keyClient.setPublicClient(true);
        keyClient.setDirectAccessGrantsEnabled(true);
        environment.admin().create(realm.path("/clients"), keyClient);
        realm.createUser("ivan", "ivan-password");
        String token = realm.passwordGrant("keys", "ivan", "ivan-password").json().get("access_token").asText();
        HttpJson.Reply created = environment.http().send("POST", realm.issuer() + "/api-keys", token,
                Map.of("name", "to revoke", "scopes", List.of()));
        String keyId = created.json().get("id").asText();

        assertThat(environment.http().send("DELETE", realm.issuer() + "/api-keys/" + keyId, token, null).status())
                .isEqualTo(204);

        awaitKey(RevocationSchema.notBeforeKey(realm.name(), Kind.API_KEY, keyId));
    }

    @Test
    void regeneratingAClientSecretRevokesTheClientByClientId() {
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId("backend");
        client.setPublicClient(false);
        client.setServiceAccountsEnabled(true);
        String uuid = environment.admin().create(realm.path("/clients"), client);

        assertThat(environment.admin().post(realm.path("/clients/" + uuid + "/client-secret"), null).status())
                .isEqualTo(200);

        awaitKey(RevocationSchema.notBeforeKey(realm.name(), Kind.CLIENT, "backend"));
    }

    @Test
    void tokenRevocationEndpointRevokesThatTokenId() {
        realm.createUser("dave", "dave-password");
        String accessToken = realm.passwordGrant(APP, "dave", "dave-password").json().get("access_token").asText();
        String jti = Jwt.claims(accessToken).get("jti").asText();

        HttpJson.Reply revoke = environment.http().postForm(realm.issuer() + "/protocol/openid-connect/revoke",
                Map.of("client_id", APP, "token", accessToken, "token_type_hint", "access_token"), Map.of());

        assertThat(revoke.status()).isEqualTo(200);
        String key = RevocationSchema.revokedTokenKey(realm.name(), jti);
        awaitKey(key);
        try (Jedis redis = environment.redis().connect()) {
            assertThat(redis.ttl(key)).isPositive().isLessThanOrEqualTo(LONGEST_LIFESPAN + 1);
        }
    }

    @Test
    void aRevokedTokenTakesAtMost96BytesOfRedisMemoryInARealmWithAShortName() {
        String shortRealm = "rv" + System.nanoTime() % 100_000;
        environment.admin().create("", Map.of("realm", shortRealm, "enabled", true));
        try {
            String jti = "onrtac:" + java.util.UUID.randomUUID();
            assertThat(environment.admin().post("/" + shortRealm + "/revocations", Map.of("type", "token",
                    "id", jti)).status()).isEqualTo(202);
            String key = RevocationSchema.revokedTokenKey(shortRealm, jti);
            awaitKey(key);
            try (Jedis redis = environment.redis().connect()) {
                assertThat(redis.memoryUsage(key)).as("bytes of Redis memory per revoked token")
                        .isLessThanOrEqualTo(96);
            }
        } finally {
            environment.admin().delete("/" + shortRealm);
        }
    }

    @Test
    void revocationsMadeWhileRedisIsDownArriveWhenItReturnsAndLoginsKeepWorking() {
        String userId = realm.createUser("erin", "erin-password");
        int count = 1000;
        environment.redis().stop();
        try {
            for (int i = 0; i < count; i++) {
                HttpJson.Reply reply = environment.admin().post(realm.path("/revocations"),
                        Map.of("type", "token", "id", "outage-" + i));
                assertThat(reply.status()).isEqualTo(202);
            }
            realm.passwordGrant(APP, "erin", "erin-password");
            JsonNode status = environment.admin().get(realm.path("/revocations/status")).json();
            assertThat(status.get("redisReachable").asBoolean()).isFalse();
            assertThat(status.get("outboxDepth").asLong()).isGreaterThanOrEqualTo(count);
        } finally {
            environment.redis().start();
        }

        awaitKey(RevocationSchema.revokedTokenKey(realm.name(), "outage-" + (count - 1)));
        try (Jedis redis = environment.redis().connect()) {
            for (int i = 0; i < count; i++) {
                assertThat(redis.exists(RevocationSchema.revokedTokenKey(realm.name(), "outage-" + i))).isTrue();
            }
            long messages = redis.xrange(RevocationSchema.streamKey(realm.name()), (StreamEntryID) null,
                    (StreamEntryID) null).stream().filter(e -> "j".equals(e.getFields().get("k"))).count();
            assertThat(messages).isGreaterThanOrEqualTo(count);
        }
        assertThat(environment.admin().get(realm.path("/revocations/status")).json().get("outboxDepth").asLong())
                .isZero();
        String metrics = Prometheus.scrape(environment.keycloak());
        String ours = String.join("\n", metrics.lines().filter(line -> line.contains("keycloak_pack")).toList());
        assertThat(Prometheus.sum(metrics, "keycloak_pack_revocations_published_total"))
                .as("pack metrics: %s", ours).isGreaterThanOrEqualTo(count);
        assertThat(Prometheus.sum(metrics, "keycloak_pack_redis_errors_total")).isGreaterThanOrEqualTo(1);
        assertThat(metrics).contains("keycloak_pack_revocation_outbox_depth");
        assertThat(userId).isNotBlank();
    }

    @Test
    void aKeycloakRestartWithAFullOutboxLosesNothing() {
        environment.redis().stop();
        try {
            for (int i = 0; i < 10; i++) {
                environment.admin().post(realm.path("/revocations"), Map.of("type", "token", "id", "restart-" + i));
            }
            environment.keycloak().restart();
        } finally {
            environment.redis().start();
        }
        for (int i = 0; i < 10; i++) {
            awaitKey(RevocationSchema.revokedTokenKey(realm.name(), "restart-" + i));
        }
    }

    @Test
    void theEmergencyEndpointRefusesNonAdminsAndExplainsBadInput() {
        realm.createUser("frank", "frank-password");
        String userToken = realm.passwordGrant(APP, "frank", "frank-password").json().get("access_token").asText();

        HttpJson.Reply asUser = environment.http().send("POST", environment.admin().url(realm.path("/revocations")),
                userToken, Map.of("type", "realm"));
        HttpJson.Reply unknownType = environment.admin().post(realm.path("/revocations"), Map.of("type", "planet"));
        HttpJson.Reply unknownUser = environment.admin().post(realm.path("/revocations"),
                Map.of("type", "user", "id", "no-such-user"));
        HttpJson.Reply probe = environment.http().send("POST", environment.admin().url(realm.path("/revocations")),
                userToken, Map.of("type", "user", "id", "no-such-user"));

        assertThat(asUser.status()).isEqualTo(403);
        assertThat(unknownType.status()).isEqualTo(400);
        assertThat(unknownType.json().get("error_description").asText()).contains("planet");
        assertThat(unknownUser.status()).isEqualTo(404);
        assertThat(probe.status()).as("who may not manage users cannot learn which ids exist").isEqualTo(403);
    }

    private JsonNode offlineLogin(String username) {
        return realm.passwordGrant(APP, username, username + "-password", "openid offline_access").json();
    }

    private HttpJson.Reply refresh(JsonNode tokens) {
        return environment.http().postForm(realm.tokenEndpoint(), Map.of("grant_type", "refresh_token",
                "client_id", APP, "refresh_token", tokens.get("refresh_token").asText()), Map.of());
    }

    private Map<String, String> lastMessage(Jedis redis) {
        List<StreamEntry> entries = redis.xrevrange(RevocationSchema.streamKey(realm.name()), (StreamEntryID) null,
                (StreamEntryID) null, 1);
        assertThat(entries).isNotEmpty();
        return entries.get(0).getFields();
    }

    private void awaitKey(String key) {
        environment.redis().awaitKey(key);
    }
}
