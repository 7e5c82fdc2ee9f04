package io.keycloakpack.it.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keycloakpack.apikey.key.ApiKeyFormat;
import io.keycloakpack.it.apikeys.ApiKeyClient;
import io.keycloakpack.it.harness.HttpJson;
import io.keycloakpack.it.harness.Jwt;
import io.keycloakpack.it.harness.PackEnvironment;
import io.keycloakpack.it.harness.TestRealm;
import io.keycloakpack.mapper.permission.PermissionsMapper;
import io.keycloakpack.testharness.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the README promises of the Spring Boot starter, attacked over HTTP against the example API (its Boot jar,
 * configured by the two properties) on one web stack, with the real Keycloak and Redis of the run. Erin holds
 * documents:read and documents:write; the API lets documents:read list and documents:write write.
 */
abstract class StarterContract {

    private final PackEnvironment environment;
    private final TestRealm realm;
    private final ApiKeyClient keys;
    private final SpringBootApi.Stack stack;
    private SpringBootApi api;

    StarterContract(PackEnvironment environment, TestRealm realm, SpringBootApi.Stack stack) {
        this.environment = environment;
        this.realm = realm;
        this.keys = new ApiKeyClient(environment, realm);
        this.stack = stack;
    }

    @BeforeAll
    void start() {
        keys.prepareRealm();
        realm.enableRevocationListener();
        keys.addTokenMapper(PermissionsMapper.PROVIDER_ID, "permissions");
        realm.createRealmRole("editor", List.of("documents:read", "documents:write"));
        realm.grantRealmRoles(realm.createUser("erin", "erin-password"), "editor");
        api = SpringBootApi.start(environment.http(), stack, realm.issuer(), environment.redis().url());
        api.awaitReadiness(200, Duration.ofSeconds(30));
    }

    @AfterAll
    void stop() {
        api.close();
    }

    @Test
    void tokenIsAcceptedThenRefusedWithinMillisecondsOfAnEmergencyRevocation() {
        String token = keys.userToken("erin");
        assertThat(api.get("/whoami", token).status()).isEqualTo(200);

        HttpJson.Reply revoked = environment.admin().post(realm.path("/revocations"),
                Map.of("type", "token", "id", Jwt.claims(token).get("jti").asText()));
        long revokedAt = System.nanoTime();

        assertThat(revoked.status()).as(revoked.toString()).isBetween(200, 204);
        HttpJson.Reply refused = awaitRefusal(token);
        System.out.printf("[%s] token refused %.1f ms after the emergency revocation was answered%n", stack,
                (System.nanoTime() - revokedAt) / 1e6);
        assertThat(refused.header("WWW-Authenticate")).contains("invalid_token").contains("revoked");
    }

    @Test
    void apiKeyTokenReachesOnlyWhatItsKeyWasGivenAtPreAuthorizeMethods() {
        String erin = keys.userToken("erin");
        assertThat(api.post("/documents", erin).status()).as("the owner may write").isEqualTo(200);
        String key = keys.createKey(erin, List.of("documents:read"));
        String keyToken = keys.exchange(key).json().get("access_token").asText();

        assertThat(api.get("/documents", keyToken).status()).isEqualTo(200);
        assertThat(api.post("/documents", keyToken).status()).as("the key was given read only").isEqualTo(403);
        JsonNode who = api.get("/whoami", keyToken).json();
        assertThat(who.get("apiKeyId").asText()).isEqualTo(ApiKeyClient.publicIdOf(key, ApiKeyFormat.DEFAULT_PREFIX));
        assertThat(strings(who.get("authorities"))).contains("API_KEY", "documents:read")
                .doesNotContain("documents:write");
        assertThat(api.get("/whoami", erin).json().get("apiKeyId").isNull()).as("a person's token names no key")
                .isTrue();
    }

    @Test
    void keyRevokedByItsOwnerStopsItsTokensAtTheApi() {
        String erin = keys.userToken("erin");
        String key = keys.createKey(erin, List.of("documents:read"));
        String keyToken = keys.exchange(key).json().get("access_token").asText();
        assertThat(api.get("/documents", keyToken).status()).isEqualTo(200);

        assertThat(keys.revoke(erin, ApiKeyClient.publicIdOf(key, ApiKeyFormat.DEFAULT_PREFIX)).status())
                .isBetween(200, 204);

        assertThat(awaitRefusal(keyToken).header("WWW-Authenticate")).contains("revoked");
        assertThat(api.get("/documents", erin).status()).as("the owner's own token stays good").isEqualTo(200);
    }

    /**
     * The revocation check is added to Boot's validators, not put in their place: issuer and signature hold; and an
     * ID token (signed by the same realm key) is not taken for an access token.
     */
    @Test
    void tokenUnderAnotherIssuerNameForgedOrAnIdTokenIsRefusedBecauseBootsOwnChecksStillRun() {
        HttpJson.Reply viaLocalhost = environment.http().postForm(
                realm.tokenEndpoint().replace("127.0.0.1", "localhost"), Map.of("grant_type", "password",
                        "client_id", ApiKeyClient.CLIENT_ID, "username", "erin", "password", "erin-password"),
                Map.of());
        String otherIssuer = viaLocalhost.json().get("access_token").asText();
        assertThat(Jwt.claims(otherIssuer).get("iss").asText()).isNotEqualTo(realm.issuer());
        String good = keys.userToken("erin");
        int signature = good.lastIndexOf('.') + 1;
        String forged = good.substring(0, signature) + (good.charAt(signature) == 'A' ? 'B' : 'A')
                + good.substring(signature + 1);

        String idToken = environment.http().postForm(realm.tokenEndpoint(), Map.of("grant_type", "password",
                "client_id", ApiKeyClient.CLIENT_ID, "username", "erin", "password", "erin-password", "scope",
                "openid"), Map.of()).json().get("id_token").asText();

        assertThat(api.get("/whoami", idToken).status()).isEqualTo(401);
        assertThat(api.get("/whoami", otherIssuer).status()).isEqualTo(401);
        assertThat(api.get("/whoami", forged).status()).isEqualTo(401);
        assertThat(api.get("/whoami", good).status()).isEqualTo(200);
    }

    @Test
    void newInstanceWhoseRedisIsAwayIsNotReadyAndAnswers503NotA401UntilItHasLoaded() {
        String token = keys.userToken("erin");
        RedisServer late = RedisServer.standalone(Path.of(System.getProperty("pack.work")));
        try (SpringBootApi second = SpringBootApi.start(environment.http(), stack, realm.issuer(), late.url())) {
            assertThat(second.health("/readiness").status()).isEqualTo(503);
            assertThat(second.health("/liveness").status()).isEqualTo(200);
            HttpJson.Reply refused = second.get("/whoami", token);
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.header("Retry-After")).isEqualTo("1");
            assertThat(refused.json().get("error").asText()).isEqualTo("temporarily_unavailable");

            late.start();
            second.awaitReadiness(200, Duration.ofSeconds(30));
            assertThat(second.get("/whoami", token).status()).isEqualTo(200);

            late.stop();
            assertThat(awaitStatus(second, token, 503, Duration.ofSeconds(20)).json().get("error").asText())
                    .as("Redis gone: fail closed with 503 once the view is stale").isEqualTo("temporarily_unavailable");
            assertThat(second.health("").json().at("/components/revocationView/status").asText())
                    .isEqualTo("OUT_OF_SERVICE");
            assertThat(second.health("/readiness").status()).as("a later outage leaves readiness alone")
                    .isEqualTo(200);
        } finally {
            if (late.isRunning()) {
                late.stop();
            }
        }
    }

    @Test
    void healthAndMetricsShowTheViewAndTheRefusals() {
        String token = keys.userToken("erin");
        environment.admin().post(realm.path("/revocations"), Map.of("type", "token", "id",
                Jwt.claims(token).get("jti").asText()));
        awaitRefusal(token);

        JsonNode view = api.health("").json().at("/components/revocationView");
        assertThat(view.get("status").asText()).isEqualTo("UP");
        assertThat(view.at("/details/entries").asInt()).isPositive();
        assertThat(view.at("/details/lastEvent").asText()).isNotEmpty();
        HttpJson.Reply refusals = api.get("/actuator/metrics/keycloak_pack.revocation.checks?tag=outcome:refused",
                keys.userToken("erin"));
        assertThat(refusals.status()).as(refusals.toString()).isEqualTo(200);
        assertThat(refusals.json().at("/measurements/0/value").asDouble()).isGreaterThanOrEqualTo(1);
    }

    private HttpJson.Reply awaitRefusal(String token) {
        return awaitStatus(api, token, 401, Duration.ofSeconds(10));
    }

    private static HttpJson.Reply awaitStatus(SpringBootApi target, String token, int status, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        HttpJson.Reply reply = target.get("/whoami", token);
        while (reply.status() != status && Instant.now().isBefore(deadline)) {
            reply = target.get("/whoami", token);
        }
        assertThat(reply.status()).as("answer within " + timeout.toSeconds() + " s: " + reply).isEqualTo(status);
        return reply;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
