package io.keycloakpack.it.apikeys;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keycloakpack.apikey.grant.ApiKeyGrantTypeFactory;
import io.keycloakpack.apikey.key.ApiKeyFormat;
import io.keycloakpack.it.harness.HttpJson;
import io.keycloakpack.it.harness.KeycloakPackExtension;
import io.keycloakpack.it.harness.LoopbackCaller;
import io.keycloakpack.it.harness.PackEnvironment;
import io.keycloakpack.it.harness.ServerClock;
import io.keycloakpack.it.harness.TestRealm;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How much a key may be used: exchanges per minute and per hour, answered 429 with {@code Retry-After} and the IETF
 * draft's {@code RateLimit} fields past the limit, and a usage allowance that refuses at zero and may refill each
 * day. Only exchanges with the right secret count, so no stranger can spend a key's limits.
 */
@ExtendWith(KeycloakPackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyLimitsIT {

    private static final String PREFIX = ApiKeyFormat.DEFAULT_PREFIX;

    private final PackEnvironment environment;
    private final TestRealm realm;
    private final ApiKeyClient keys;
    private final ServerClock clock;

    KeyLimitsIT(PackEnvironment environment, TestRealm realm) {
        this.environment = environment;
        this.realm = realm;
        this.keys = new ApiKeyClient(environment, realm);
        this.clock = new ServerClock(environment);
    }

    @BeforeAll
    void setUp() {
        keys.prepareRealm();
        keys.setPolicy(Map.of());
    }

    @AfterEach
    void resetClockAndPolicy() {
        clock.reset();
        keys.setPolicy(Map.of());
    }

    @Test
    void keyOverItsRateIsRefusedWith429RetryAfterAndTheRateLimitFields() {
        String key = createKey(Map.of("exchangesPerMinute", 3));
        awaitFreshMinute();

        List<HttpJson.Reply> allowed = List.of(keys.exchange(key), keys.exchange(key), keys.exchange(key));
        HttpJson.Reply refused = keys.exchange(key);

        assertThat(allowed).allSatisfy(reply -> assertThat(reply.status()).as(reply.toString()).isEqualTo(200));
        assertThat(allowed.get(0).header("RateLimit-Policy")).isEqualTo("\"per-minute\";q=3;w=60");
        assertThat(allowed.get(0).header("RateLimit")).startsWith("\"per-minute\";r=2;t=");
        assertThat(allowed.get(2).header("RateLimit")).startsWith("\"per-minute\";r=0;t=");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
        assertThat(refused.json().get("error").asText()).isEqualTo("rate_limited");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(refused.header("RateLimit")).startsWith("\"per-minute\";r=0;t=");
    }

    @Test
    void usageAllowanceRefusesAtZeroAndRefillsTheNextDay() {
        String key = createKey(Map.of("usageLimit", 2, "usageRefill", "day"));

        assertThat(keys.exchange(key).status()).isEqualTo(200);
        HttpJson.Reply last = keys.exchange(key);
        HttpJson.Reply refused = keys.exchange(key);

        assertThat(last.status()).isEqualTo(200);
        assertThat(last.header("RateLimit")).startsWith("\"usage\";r=0;t=");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
        assertThat(refused.json().get("error").asText()).isEqualTo("usage_exhausted");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 86_400L);
        assertThat(listed(key).get("usageRemaining").asLong()).isZero();

        clock.setAhead(Duration.ofDays(1));

        assertThat(listed(key).get("usageRemaining").asLong()).as("shown full in the new day").isEqualTo(2);
        assertThat(keys.exchange(key).status()).isEqualTo(200);
    }

    @Test
    void usageAllowanceThatNeverRefillsIsUsedUpForGood() {
        String key = createKey(Map.of("usageLimit", 1));
        assertThat(keys.exchange(key).status()).isEqualTo(200);

        clock.setAhead(Duration.ofDays(40));
        HttpJson.Reply refused = keys.exchange(key);

        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
        assertThat(refused.json().get("error").asText()).isEqualTo("usage_exhausted");
        assertThat(refused.header("Retry-After")).isNull();
    }

    @Test
    void strangersWithoutTheSecretCannotSpendAKeysLimits() {
        String key = createKey(Map.of("exchangesPerMinute", 2, "usageLimit", 2));
        awaitFreshMinute();
        for (int address = 30; address < 36; address++) {
            HttpJson.Reply guess = LoopbackCaller.postForm("127.0.0." + address, realm.tokenEndpoint(), Map.of(
                    "grant_type", ApiKeyGrantTypeFactory.GRANT_TYPE, "client_id", ApiKeyClient.CLIENT_ID,
                    "api_key", ApiKeyClient.wrongSecretFor(key, PREFIX)));
            assertThat(guess.status()).isEqualTo(401);
        }

        assertThat(keys.exchange(key).status()).isEqualTo(200);
        assertThat(keys.exchange(key).status()).isEqualTo(200);
    }

    @Test
    void concurrentExchangesNeverSpendMoreThanTheAllowance() throws Exception {
        String key = createKey(Map.of("usageLimit", 5));
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> exchanges = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                exchanges.add(() -> keys.exchange(key).status());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> status : callers.invokeAll(exchanges)) {
                statuses.add(status.get());
            }

            assertThat(statuses).filteredOn(status -> status == 200).hasSize(5);
            assertThat(statuses).filteredOn(status -> status == 403).hasSize(11);
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void realmMaximumRateCapsEveryKeyEvenOneThatAskedForMore() {
        keys.setPolicy(Map.of("maxExchangesPerHour", 2));
        String plain = createKey(Map.of());
        String greedy = createKey(Map.of("exchangesPerHour", 5));
        String modest = createKey(Map.of("exchangesPerHour", 1));

        for (String key : List.of(plain, greedy)) {
            assertThat(keys.exchange(key).status()).isEqualTo(200);
            assertThat(keys.exchange(key).status()).isEqualTo(200);
            HttpJson.Reply third = keys.exchange(key);
            assertThat(third.status()).as(third.toString()).isEqualTo(429);
            assertThat(third.header("RateLimit-Policy")).isEqualTo("\"per-hour\";q=2;w=3600");
        }
        assertThat(keys.exchange(modest).status()).isEqualTo(200);
        assertThat(keys.exchange(modest).status()).isEqualTo(429);
    }

    @Test
    void aRotatedKeyAndItsReplacementShareOneAllowanceDuringTheGraceWindow() {
        String token = keys.userToken("alice");
        String key = createKey(Map.of("usageLimit", 4, "exchangesPerMinute", 100));
        assertThat(keys.exchange(key).status()).isEqualTo(200);
        assertThat(keys.exchange(key).status()).isEqualTo(200);

        HttpJson.Reply rotated = keys.rotate(token, ApiKeyClient.publicIdOf(key, PREFIX));

        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(201);
        assertThat(rotated.json().get("usageLimit").asLong()).isEqualTo(4);
        assertThat(rotated.json().get("usageRemaining").asLong()).as("what the old key had left").isEqualTo(2);
        assertThat(rotated.json().get("exchangesPerMinute").asInt()).isEqualTo(100);
        String replacement = rotated.json().get("key").asText();
        assertThat(keys.exchange(key).status()).as("the old key, in its grace window").isEqualTo(200);
        assertThat(keys.exchange(replacement).status()).isEqualTo(200);
        assertThat(keys.exchange(replacement).status()).as("both spent the one allowance").isEqualTo(403);
        assertThat(keys.exchange(key).status()).isEqualTo(403);
    }

    @Test
    void limitsOutOfBoundsAreRefusedNamingTheField() {
        String token = keys.userToken("alice");
        Map<Map<String, Object>, String> bad = Map.of(
                Map.of("exchangesPerMinute", 0), "exchangesPerMinute",
                Map.of("exchangesPerHour", 2_000_000), "exchangesPerHour",
                Map.of("usageLimit", -1), "usageLimit",
                Map.of("usageLimit", 10, "usageRefill", "week"), "usageRefill",
                Map.of("usageRefill", "day"), "usageRefill");
        bad.forEach((limits, field) -> {
            Map<String, Object> body = new HashMap<>(Map.of("name", "bad limits", "scopes", List.of()));
            body.putAll(limits);
            HttpJson.Reply reply = keys.create(token, body);
            assertThat(reply.status()).as(limits + ": " + reply).isEqualTo(400);
            assertThat(reply.json().get("error_description").asText()).contains(field);
        });
    }

    /** Rotating a key is no way around its rate: the replacement starts with what its key spent this minute. */
    @Test
    void aReplacementStartsWithWhatItsKeySpentOfTheMinutesRate() throws InterruptedException {
        awayFromTheEndOfAMinute();
        String token = keys.userToken("alice");
        String key = createKey(Map.of("exchangesPerMinute", 2));
        assertThat(keys.exchange(key).status()).isEqualTo(200);
        assertThat(keys.exchange(key).status()).isEqualTo(200);

        String replacement = keys.rotate(token, ApiKeyClient.publicIdOf(key, PREFIX)).json().get("key").asText();

        assertThat(keys.exchange(replacement).status()).as("the minute's two are spent").isEqualTo(429);
        assertThat(keys.exchange(key).status()).as("and the old key counts against the same").isEqualTo(429);
    }

    /** So that a test's exchanges fall within one minute's window. */
    private static void awayFromTheEndOfAMinute() throws InterruptedException {
        long second = Instant.now().getEpochSecond() % 60;
        if (second > 45) {
            Thread.sleep((61 - second) * 1000);
        }
    }

    private String createKey(Map<String, Object> limits) {
        Map<String, Object> body = new HashMap<>(Map.of("name", "limited", "scopes", List.of()));
        body.putAll(limits);
        HttpJson.Reply reply = keys.create(keys.userToken("alice"), body);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json().get("key").asText();
    }

    private JsonNode listed(String key) {
        String id = ApiKeyClient.publicIdOf(key, PREFIX);
        for (JsonNode listed : keys.list(keys.userToken("alice")).json()) {
            if (listed.get("id").asText().equals(id)) {
                return listed;
            }
        }
        throw new AssertionError("No key " + id);
    }

    /** Per-minute windows are calendar minutes: start a test early in one so it does not straddle two. */
    private static void awaitFreshMinute() {
        long second = Instant.now().getEpochSecond() % 60;
        if (second > 40) {
            try {
                Thread.sleep((61 - second) * 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
