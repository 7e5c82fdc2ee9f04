package io.keycloakpack.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.keycloakpack.apikey.key.ApiKeyFormat;
import io.keycloakpack.it.apikeys.ApiKeyClient;
import io.keycloakpack.it.harness.HttpJson;
import io.keycloakpack.it.harness.Jwt;
import io.keycloakpack.it.harness.KeycloakPackExtension;
import io.keycloakpack.it.harness.PackEnvironment;
import io.keycloakpack.it.harness.Prometheus;
import io.keycloakpack.it.harness.TestRealm;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.RoleRepresentation;

/**
 * API keys on two clustered production nodes: whatever is done to a key, its owner or the realm's policy on one
 * node governs the very next exchange on the other. Each test warms the observing node first, so that node-local
 * state (a cache of keys, of permissions, of the policy) would answer with what it saw before, and fail here.
 */
@ExtendWith(KeycloakPackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiKeysAcrossNodesIT {

    private static final String PREFIX = ApiKeyFormat.DEFAULT_PREFIX;

    private final PackEnvironment nodeA;
    private final TestRealm realmOnA;
    private final ApiKeyClient onA;
    private final ApiKeyClient onB;

    ApiKeysAcrossNodesIT(PackEnvironment environment, TestRealm realm) {
        assertThat(environment.nodeCount()).as("the cluster lane runs two nodes").isEqualTo(2);
        this.nodeA = environment;
        this.realmOnA = realm;
        this.onA = new ApiKeyClient(environment, realm);
        this.onB = new ApiKeyClient(environment.node(1), realm.on(environment.node(1)));
    }

    @BeforeAll
    void setUp() {
        onA.prepareRealm();
    }

    @Test
    void keyMadeOnOneNodeExchangesOnTheOtherAndRevokedThereIsRefusedOnTheFirstAtOnce() {
        String key = onA.createKey(onA.userToken("alice"), List.of("events:read"));
        assertThat(onB.exchange(key).status()).as("made on A, exchanged on B").isEqualTo(200);
        assertThat(onA.exchange(key).status()).as("A has used it too").isEqualTo(200);
        double copiesUsed = lookupsOnA("node-copy");
        assertThat(onA.exchange(key).status()).isEqualTo(200);
        assertThat(lookupsOnA("node-copy")).as("A answered from its own copy of the key").isEqualTo(copiesUsed + 1);

        assertThat(onB.revoke(onB.userToken("alice"), ApiKeyClient.publicIdOf(key, PREFIX)).status()).isEqualTo(204);

        assertRefused(onA.exchange(key), "API key revoked");
        assertRefused(onB.exchange(key), "API key revoked");
    }

    @Test
    void allowanceHoldsExactlyAcrossNodesUnderConcurrentExchanges() throws Exception {
        HttpJson.Reply created = onA.create(onA.userToken("alice"), Map.of("name", "capped", "scopes",
                List.of("events:read"), "usageLimit", 6));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String key = created.json().get("key").asText();
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> exchanges = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                exchanges.add(() -> onA.exchange(key).status());
                exchanges.add(() -> onB.exchange(key).status());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> status : callers.invokeAll(exchanges)) {
                statuses.add(status.get());
            }

            assertThat(statuses).as("both nodes together spend exactly the allowance")
                    .filteredOn(status -> status == 200).hasSize(6);
            assertThat(statuses).filteredOn(status -> status == 403).hasSize(14);
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void keyRotatedOutOnOneNodeWithoutGraceIsRefusedOnTheOtherAtOnceAndItsReplacementWorksThere() {
        setKeyPolicy(Map.of("rotationGraceSeconds", 0));
        try {
            String old = onA.createKey(onA.userToken("alice"), List.of("events:read"));
            assertThat(onA.exchange(old).status()).isEqualTo(200);

            HttpJson.Reply rotated = onB.rotate(onB.userToken("alice"), ApiKeyClient.publicIdOf(old, PREFIX));

            assertThat(rotated.status()).as(rotated.toString()).isEqualTo(201);
            assertRefused(onA.exchange(old), "API key rotated out");
            assertThat(onA.exchange(rotated.json().get("key").asText()).status()).isEqualTo(200);
        } finally {
            setKeyPolicy(Map.of());
        }
    }

    @Test
    void ownerDisabledOnOneNodeCannotExchangeOnTheOther() {
        String ownerId = realmOnA.createUser("carol", "carol-password");
        realmOnA.grantRealmRoles(ownerId, "reader");
        String key = onA.createKey(onA.userToken("carol"), List.of("events:read"));
        assertThat(onB.exchange(key).status()).isEqualTo(200);

        realmOnA.setUserEnabled(ownerId, false);

        assertRefused(onB.exchange(key), "API key owner is disabled");
    }

    @Test
    void permissionTakenFromARoleOnOneNodeIsGoneFromTheNextKeyTokenOfTheOther() {
        realmOnA.createRealmRole("auditor", List.of("audit:read", "audit:export"));
        String ownerId = realmOnA.createUser("dave", "dave-password");
        realmOnA.grantRealmRoles(ownerId, "auditor");
        String key = onA.createKey(onA.userToken("dave"), List.of("audit:read", "audit:export"));
        assertThat(scopeOf(onB.exchange(key))).contains("audit:read", "audit:export");

        RoleRepresentation auditor = nodeA.admin().read(realmOnA.path("/roles/auditor"), RoleRepresentation.class);
        auditor.setAttributes(Map.of("permissions", List.of("audit:read")));
        assertThat(nodeA.admin().put(realmOnA.path("/roles/auditor"), auditor).status()).isEqualTo(204);

        String scope = scopeOf(onB.exchange(key));
        assertThat(scope).contains("audit:read").doesNotContain("audit:export");
    }

    @Test
    void keyPolicyChangedOnOneNodeGovernsTheTokensOfTheOther() {
        String key = onA.createKey(onA.userToken("alice"), List.of("events:read"));
        assertThat(lifetimeOf(onB.exchange(key))).isEqualTo(900);

        setKeyPolicy(Map.of("tokenLifespanSeconds", 120));
        try {
            assertThat(lifetimeOf(onB.exchange(key))).as("B issues with A's new policy").isEqualTo(120);
        } finally {
            setKeyPolicy(Map.of());
        }
    }

    @Test
    void wrongSecretsForAKeyIdOnOneNodeLockThatIdOnTheOtherButNeitherItsHolderNorItsOwner() {
        String key = onA.createKey(onA.userToken("alice"), List.of("events:read"));
        String forged = ApiKeyClient.wrongSecretFor(key, PREFIX);
        setKeyPolicy(Map.of("failuresPerKey", 3, "failuresPerSource", 10_000));
        try {
            for (int attempt = 0; attempt < 3; attempt++) {
                assertThat(onA.exchange(forged).status()).isIn(400, 401);
            }

            HttpJson.Reply onTheOther = onB.exchange(forged);

            assertThat(onTheOther.status()).as("locked on B by failures on A: " + onTheOther).isEqualTo(429);
            assertThat(onB.exchange(key).status()).as("the holder of the right secret goes on").isEqualTo(200);
            assertThat(onB.userToken("alice")).as("the owner still logs in").isNotBlank();
        } finally {
            setKeyPolicy(Map.of());
        }
    }

    @Test
    void allowlistFollowsTheAddressTheProxyForwardsWhenProxyHeadersAreOn() {
        HttpJson.Reply created = onA.create(onA.userToken("alice"), Map.of("name", "behind a proxy", "scopes",
                List.of("events:read"), "allowedSources", List.of("10.20.0.0/16")));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String key = created.json().get("key").asText();

        HttpJson.Reply forwardedInside = onB.exchangeForwardedFor(key, "10.20.1.2");
        HttpJson.Reply forwardedOutside = onB.exchangeForwardedFor(key, "10.30.0.1");

        assertThat(forwardedInside.status()).as(forwardedInside.toString()).isEqualTo(200);
        assertThat(forwardedOutside.status()).as(forwardedOutside.toString()).isEqualTo(403);
        assertThat(forwardedOutside.json().get("error").asText()).isEqualTo("access_denied");
        HttpJson.Reply direct = onA.exchange(key);
        assertThat(direct.status()).as("the nodes' own caller, 127.0.0.1, is outside: " + direct).isEqualTo(403);
        assertThat(direct.json().get("error").asText()).isEqualTo("access_denied");
    }

    /** The realm's key policy: defaults, changed by {@code changes}, saved through node A. */
    private void setKeyPolicy(Map<String, Object> changes) {
        Map<String, Object> policy = new HashMap<>(Map.of("prefix", PREFIX, "maxAgeDays", 0, "expiryMandatory",
                false, "maxActiveKeysPerOwner", 50, "rotationGraceSeconds", 86_400, "tokenLifespanSeconds", 900,
                "failuresPerKey", 50, "failuresPerSource", 10_000));
        policy.putAll(changes);
        HttpJson.Reply reply = nodeA.admin().put(realmOnA.path("/api-keys/policy"), policy);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    }

    private double lookupsOnA(String from) {
        return Prometheus.sum(Prometheus.scrape(nodeA.keycloak()), "keycloak_pack_api_key_lookups_total",
                "from=\"" + from + "\"");
    }

    private static void assertRefused(HttpJson.Reply reply, String description) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(401);
        assertThat(reply.json().get("error_description").asText()).isEqualTo(description);
    }

    private static String scopeOf(HttpJson.Reply exchange) {
        assertThat(exchange.status()).as(exchange.toString()).isEqualTo(200);
        return Jwt.claims(exchange.json().get("access_token").asText()).get("scope").asText();
    }

    private static long lifetimeOf(HttpJson.Reply exchange) {
        assertThat(exchange.status()).as(exchange.toString()).isEqualTo(200);
        var claims = Jwt.claims(exchange.json().get("access_token").asText());
        return claims.get("exp").asLong() - claims.get("iat").asLong();
    }
}
