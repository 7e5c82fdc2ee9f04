package io.keycloakpack.it.apikeys;

import static org.assertj.core.api.Assertions.assertThat;

import io.keycloakpack.apikey.grant.ApiKeyGrantTypeFactory;
import io.keycloakpack.apikey.key.ApiKey;
import io.keycloakpack.it.harness.HttpJson;
import io.keycloakpack.it.harness.KeycloakPackExtension;
import io.keycloakpack.it.harness.LoopbackCaller;
import io.keycloakpack.it.harness.PackEnvironment;
import io.keycloakpack.it.harness.ServerClock;
import io.keycloakpack.it.harness.TestRealm;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A stranger who knows a key's public id (it is in every token the key mints) guesses secrets. Failures throttle the
 * key id and the guessing address, never the person: the owner's login is untouched, other callers go on, the
 * holder of the right secret is never locked out, and a lock that wrong secrets put on a key id is visible to its
 * owner and lifts by itself.
 */
@ExtendWith(KeycloakPackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyLockoutIT {

    private static final String PREFIX = ApiKeyExchangeIT.PREFIX;

    private final PackEnvironment environment;
    private final TestRealm realm;
    private final ApiKeyClient keys;
    private final ServerClock clock;

    KeyLockoutIT(PackEnvironment environment, TestRealm realm) {
        this.environment = environment;
        this.realm = realm;
        this.keys = new ApiKeyClient(environment, realm);
        this.clock = new ServerClock(environment);
    }

    @BeforeAll
    void setUpRealm() {
        keys.prepareRealm();
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void strangersWrongSecretsNeverLockTheOwnerOutOfInteractiveLogin() {
        setThresholds(5, 5);
        String bob = realm.createUser("bobby", "bobby-password");
        String key = keys.createKey(keys.userToken("bobby"), List.of());

        for (int i = 0; i < 12; i++) {
            assertThat(exchangeFrom("127.0.0.9", ApiKeyClient.wrongSecretFor(key, PREFIX)).status()).isIn(401, 429);
        }

        assertThat(realm.passwordGrant(ApiKeyClient.CLIENT_ID, "bobby", "bobby-password").status()).isEqualTo(200);
        HttpJson.Reply bruteForce = environment.admin().get(realm.path("/attack-detection/brute-force/users/" + bob));
        assertThat(bruteForce.json().path("disabled").asBoolean()).as(bruteForce.toString()).isFalse();
        assertThat(bruteForce.json().path("numFailures").asInt()).isZero();
    }

    @Test
    void addressThatKeepsGuessingIsThrottledWhileOtherCallersAreNot() {
        setThresholds(1000, 3);
        String key = keys.createKey(keys.userToken("alice"), List.of());
        for (int i = 0; i < 3; i++) {
            assertThat(exchangeFrom("127.0.0.2", ApiKeyClient.wrongSecretFor(key, PREFIX)).status()).isEqualTo(401);
        }

        HttpJson.Reply guesser = exchangeFrom("127.0.0.2", key);
        HttpJson.Reply other = exchangeFrom("127.0.0.1", key);

        assertThat(guesser.status()).as(guesser.toString()).isEqualTo(429);
        assertThat(Long.parseLong(guesser.header("Retry-After"))).isBetween(1L, 30L);
        assertThat(guesser.json().get("error").asText()).isEqualTo("invalid_grant");
        assertThat(other.status()).as(other.toString()).isEqualTo(200);
    }

    @Test
    void strangersGuessingFromManyAddressesNeverLockTheKeyHolderOut() {
        setThresholds(3, 1000);
        String token = keys.userToken("alice");
        String key = keys.createKey(token, List.of());
        String otherKey = keys.createKey(token, List.of());
        for (String address : List.of("127.0.0.3", "127.0.0.4", "127.0.0.5")) {
            assertThat(exchangeFrom(address, ApiKeyClient.wrongSecretFor(key, PREFIX)).status()).isEqualTo(401);
        }

        assertThat(exchangeFrom("127.0.0.12", ApiKeyClient.wrongSecretFor(key, PREFIX)).status())
                .as("further wrong secrets for the key id are throttled").isEqualTo(429);
        long lockedUntil = listed(token, ApiKeyClient.publicIdOf(key, PREFIX)).path("lockedUntil").asLong();
        assertThat(lockedUntil).as("the owner sees the guessing").isGreaterThan(Instant.now().getEpochSecond());
        HttpJson.Reply holder = keys.exchange(key);
        assertThat(holder.status()).as("the holder of the right secret goes on: " + holder).isEqualTo(200);
        assertThat(keys.exchange(otherKey).status()).isEqualTo(200);
        assertThat(realm.passwordGrant(ApiKeyClient.CLIENT_ID, "alice", "alice-password").status()).isEqualTo(200);
        assertThat(listed(token, ApiKeyClient.publicIdOf(otherKey, PREFIX)).has("lockedUntil")).isFalse();

        clock.setAhead(Duration.ofMinutes(2));

        assertThat(exchangeFrom("127.0.0.12", ApiKeyClient.wrongSecretFor(key, PREFIX)).status())
                .as("the lock lifts by itself").isEqualTo(401);
    }

    @Test
    void lockedUnknownIdAndLockedRealKeyAnswerAlike() {
        setThresholds(3, 1000);
        String key = keys.createKey(keys.userToken("alice"), List.of());
        String unknown = new ApiKey(PREFIX, "zzzzzzzzzzzz", "0".repeat(32)).value();
        for (String address : List.of("127.0.0.6", "127.0.0.7", "127.0.0.8")) {
            exchangeFrom(address, ApiKeyClient.wrongSecretFor(key, PREFIX));
            exchangeFrom(address, unknown);
        }

        HttpJson.Reply lockedReal = keys.exchange(ApiKeyClient.wrongSecretFor(key, PREFIX));
        HttpJson.Reply lockedUnknown = keys.exchange(unknown);

        assertThat(lockedReal.status()).isEqualTo(429);
        assertThat(lockedUnknown.status()).isEqualTo(lockedReal.status());
        assertThat(lockedUnknown.body()).isEqualTo(lockedReal.body());
    }

    private void setThresholds(int failuresPerKey, int failuresPerSource) {
        HttpJson.Reply reply = environment.admin().put(realm.path("/api-keys/policy"), Map.of("prefix", PREFIX,
                "failuresPerKey", failuresPerKey, "failuresPerSource", failuresPerSource));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    }

    private HttpJson.Reply exchangeFrom(String address, String key) {
        return LoopbackCaller.postForm(address, realm.tokenEndpoint(), Map.of("grant_type",
                ApiKeyGrantTypeFactory.GRANT_TYPE, "client_id", ApiKeyClient.CLIENT_ID, "api_key", key));
    }

    private com.fasterxml.jackson.databind.JsonNode listed(String token, String id) {
        for (com.fasterxml.jackson.databind.JsonNode listed : keys.list(token).json()) {
            if (listed.path("id").asText().equals(id)) {
                return listed;
            }
        }
        throw new AssertionError("Key " + id + " not listed");
    }
}
