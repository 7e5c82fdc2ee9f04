package io.keycloakpack.it.apikeys;

import static io.keycloakpack.it.apikeys.ApiKeyExchangeIT.PREFIX;
import static io.keycloakpack.it.apikeys.ApiKeyExchangeIT.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keycloakpack.apikey.export.ApiKeyCredential;
import io.keycloakpack.it.harness.Concurrently;
import io.keycloakpack.it.harness.HttpJson;
import io.keycloakpack.it.harness.Jwt;
import io.keycloakpack.it.harness.KeycloakPackExtension;
import io.keycloakpack.it.harness.PackEnvironment;
import io.keycloakpack.it.harness.TestRealm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** Owners manage their own keys, and only theirs; admins manage any key and the realm's policy. */
@ExtendWith(KeycloakPackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiKeyLifecycleIT {

    private final PackEnvironment environment;
    private final TestRealm realm;
    private final ApiKeyClient keys;
    private String aliceId;

    ApiKeyLifecycleIT(PackEnvironment environment, TestRealm realm) {
        this.environment = environment;
        this.realm = realm;
        this.keys = new ApiKeyClient(environment, realm);
    }

    @BeforeAll
    void setUpRealm() {
        aliceId = keys.prepareRealm();
    }

    @Test
    void oneUserCanNeitherSeeNorTouchAnothersKeys() {
        String key = keys.createKey(keys.userToken("alice"), List.of("events:read"));
        String keyId = ApiKeyClient.publicIdOf(key, PREFIX);
        String bob = keys.userToken("bob");

        assertThat(keys.list(bob).body()).doesNotContain(keyId);
        assertThat(keys.revoke(bob, keyId).status()).isEqualTo(404);
        assertThat(keys.rotate(bob, keyId).status()).isEqualTo(404);
        assertThat(keys.exchange(key).status()).isEqualTo(200);
    }

    /**
     * A token an app got for itself, narrowed to the app's own scope (no account roles), as a resource server might
     * be shown it: it must not become a lasting key with everything its user may do.
     */
    @Test
    void aTokenWithoutTheAccountsManageRoleCanNeitherMintNorListKeys() {
        realm.createPublicClient("narrow-app", client -> client.setFullScopeAllowed(false));
        String narrowToken = aliceToken("narrow-app");

        HttpJson.Reply minted = keys.create(narrowToken, "from an app's token", List.of("events:read"), null);

        assertThat(minted.status()).as(minted.toString()).isEqualTo(403);
        assertThat(minted.json().get("error").asText()).isEqualTo("forbidden");
        assertThat(keys.list(narrowToken).status()).isEqualTo(403);
        assertThat(keys.list(keys.userToken("alice")).status()).as("alice's own account token").isEqualTo(200);
    }

    /**
     * A client set to issue lightweight access tokens leaves the roles out of them; Keycloak's account API still
     * takes such a token, and so do the owner endpoints, but only with the roles the client's mappers would give.
     */
    @Test
    void aLightweightAccessTokenManagesKeysAsKeycloaksAccountApiAcceptsIt() {
        client("lightweight-app", true, true);
        String lightweight = aliceToken("lightweight-app");
        assertThat(Jwt.claims(lightweight).has("resource_access")).as("the token is lightweight").isFalse();

        HttpJson.Reply minted = keys.create(lightweight, "from a lightweight token", List.of("events:read"), null);

        assertThat(minted.status()).as(minted.toString()).isEqualTo(201);
        assertThat(keys.list(lightweight).status()).isEqualTo(200);
        client("narrow-lightweight-app", true, false);
        HttpJson.Reply narrowed = keys.list(aliceToken("narrow-lightweight-app"));
        assertThat(narrowed.status()).as("lightweight, and its client's scope leaves the role out: " + narrowed)
                .isEqualTo(403);
        assertThat(narrowed.json().get("error").asText()).isEqualTo("forbidden");
    }

    /**
     * Only a lightweight token is widened: a client whose role mapper keeps roles out of access tokens (and gives
     * them at introspection only) issues tokens that cannot manage keys, as a token narrowed by an exchange cannot.
     */
    @Test
    void aTokenWhoseClientKeepsRolesOutOfAccessTokensIsNotWidened() {
        String clientUuid = client("roles-kept-out-app", false, true);
        JsonNode rolesScope = StreamSupport.stream(environment.admin()
                .get(realm.path("/clients/" + clientUuid + "/default-client-scopes")).json().spliterator(), false)
                .filter(scope -> scope.get("name").asText().equals("roles")).findFirst().orElseThrow();
        environment.admin().delete(realm.path("/clients/" + clientUuid + "/default-client-scopes/"
                + rolesScope.get("id").asText()));
        environment.admin().create(realm.path("/clients/" + clientUuid + "/protocol-mappers/models"), Map.of(
                "name", "client roles at introspection only", "protocol", "openid-connect",
                "protocolMapper", "oidc-usermodel-client-role-mapper", "config", Map.of(
                        "claim.name", "resource_access.${client_id}.roles", "multivalued", "true",
                        "access.token.claim", "false", "introspection.token.claim", "true")));
        String token = aliceToken("roles-kept-out-app");
        assertThat(Jwt.claims(token).has("resource_access")).isFalse();

        HttpJson.Reply minted = keys.create(token, "from a token without roles", List.of("events:read"), null);

        assertThat(minted.status()).as(minted.toString()).isEqualTo(403);
        assertThat(minted.json().get("error").asText()).isEqualTo("forbidden");
    }

    /** A public password-grant client; returns its id. */
    private String client(String clientId, boolean lightweight, boolean fullScopeAllowed) {
        return realm.createPublicClient(clientId, client -> {
            client.setFullScopeAllowed(fullScopeAllowed);
            client.setAttributes(Map.of("client.use.lightweight.access.token.enabled", String.valueOf(lightweight)));
        });
    }

    private String aliceToken(String clientId) {
        return realm.passwordGrant(clientId, "alice", "alice-password").json().get("access_token").asText();
    }

    /** A proxy or browser cache that kept the answer would hand the key to whoever asks next. */
    @Test
    void answersCarryingAKeyForbidEveryCacheToStoreThem() {
        String alice = keys.userToken("alice");
        HttpJson.Reply created = keys.create(alice, "cached?", List.of("events:read"), null);
        HttpJson.Reply rotated = keys.rotate(alice, created.json().get("id").asText());

        for (HttpJson.Reply withKey : List.of(created, rotated)) {
            assertThat(withKey.status()).as(withKey.toString()).isEqualTo(201);
            assertThat(withKey.header("Cache-Control")).as(withKey.toString()).contains("no-store");
            assertThat(withKey.header("Pragma")).isEqualTo("no-cache");
        }
    }

    @Test
    void aKeyCannotBeGivenAPermissionItsOwnerDoesNotHold() {
        HttpJson.Reply reply = keys.create(keys.userToken("bob"), "too much", List.of("events:write"), null);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("error").asText()).isEqualTo("invalid_scope");
        assertThat(reply.json().get("error_description").asText()).contains("events:write");
    }

    @Test
    void ownerSeesThePermissionsAKeyMayBeGiven() {
        HttpJson.Reply reply = environment.http().send("GET", keys.keysUrl() + "/permissions",
                keys.userToken("alice"), null);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().toString()).isEqualTo("[\"events:read\",\"events:write\"]");
    }

    @Test
    void requestsWithoutAValidTokenAreRefusedWithJson() {
        HttpJson.Reply reply = environment.http().send("GET", keys.keysUrl(), "not-a-token", null);

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.json().get("error").asText()).isEqualTo("not_authenticated");
    }

    @Test
    void aTokenObtainedWithAKeyCannotMintMoreKeys() {
        String key = keys.createKey(keys.userToken("alice"), List.of());
        String keyToken = keys.exchange(key).json().get("access_token").asText();

        HttpJson.Reply reply = keys.create(keyToken, "minted by a key", List.of(), null);

        assertThat(reply.status()).isIn(401, 403);
        assertThat(keys.list(keys.userToken("alice")).body()).doesNotContain("minted by a key");
    }

    @Test
    void rotationIssuesANewKeyAndTheOldOneWorksUntilTheGraceWindowCloses() throws InterruptedException {
        setPolicy(Map.of("prefix", PREFIX, "maxAgeDays", 0, "expiryMandatory", false, "maxActiveKeysPerOwner", 10,
                "rotationGraceSeconds", 2, "tokenLifespanSeconds", 900));
        try {
            String token = keys.userToken("alice");
            String old = keys.createKey(token, List.of("events:read"));

            HttpJson.Reply rotated = keys.rotate(token, ApiKeyClient.publicIdOf(old, PREFIX));

            assertThat(rotated.status()).isEqualTo(201);
            String replacement = rotated.json().get("key").asText();
            assertThat(replacement).isNotEqualTo(old);
            assertThat(keys.exchange(old).status()).isEqualTo(200);
            assertThat(keys.exchange(replacement).status()).isEqualTo(200);
            Thread.sleep(2_300);
            assertRefused(keys.exchange(old), 401, "invalid_grant", "API key rotated out");
            assertThat(keys.exchange(replacement).status()).isEqualTo(200);
        } finally {
            setPolicy(Map.of("prefix", PREFIX, "maxAgeDays", 0, "expiryMandatory", false,
                    "maxActiveKeysPerOwner", 10, "rotationGraceSeconds", 86400, "tokenLifespanSeconds", 900));
        }
    }

    /** A burst of creations by one owner, as a script's retry loop sends them, stops at the realm's maximum. */
    @Test
    void concurrentCreationsStopAtTheRealmsMaximumOfActiveKeys() throws Exception {
        setPolicy(Map.of("prefix", PREFIX, "maxAgeDays", 0, "expiryMandatory", false, "maxActiveKeysPerOwner", 2,
                "rotationGraceSeconds", 86400, "tokenLifespanSeconds", 900));
        try {
            realm.createUser("racer", "racer-password");
            String token = keys.userToken("racer");

            List<Integer> statuses = Concurrently.run(16, i -> keys.create(token, "burst " + i, List.of(), null)
                    .status());

            assertThat(statuses).as(statuses.toString()).filteredOn(status -> status == 201).hasSize(2);
            assertThat(statuses).as(statuses.toString()).filteredOn(status -> status == 409).hasSize(14);
        } finally {
            setPolicy(Map.of("prefix", PREFIX, "maxAgeDays", 0, "expiryMandatory", false,
                    "maxActiveKeysPerOwner", 10, "rotationGraceSeconds", 86400, "tokenLifespanSeconds", 900));
        }
    }

    /** Two tabs rotating one key at once: one replacement, and the other learns the key is no longer active. */
    @Test
    void concurrentRotationsOfOneKeyMakeOneReplacementAndTheRestConflict() throws Exception {
        realm.createUser("rotor", "rotor-password");
        String token = keys.userToken("rotor");
        String keyId = ApiKeyClient.publicIdOf(keys.createKey(token, List.of()), PREFIX);

        List<Integer> statuses = Concurrently.run(6, i -> keys.rotate(token, keyId).status());

        assertThat(statuses).as(statuses.toString()).filteredOn(status -> status == 201).hasSize(1);
        assertThat(statuses).as(statuses.toString()).filteredOn(status -> status == 409).hasSize(5);
        assertThat(keys.list(token).json().findValuesAsText("state")).containsExactlyInAnyOrder("ACTIVE",
                "ROTATING_OUT");
    }

    /** A key is one credential however often it was rotated: at most one old secret works, and revoking ends all. */
    @Test
    void rotatingAgainEndsTheOldestSecretAndRevokingTheNewestEndsTheWholeChain() {
        realm.createUser("chain", "chain-password");
        String token = keys.userToken("chain");
        String first = keys.createKey(token, List.of());
        String second = keys.rotate(token, ApiKeyClient.publicIdOf(first, PREFIX)).json().get("key").asText();
        String third = keys.rotate(token, ApiKeyClient.publicIdOf(second, PREFIX)).json().get("key").asText();

        assertRefused(keys.exchange(first), 401, "invalid_grant", "API key revoked");
        assertThat(keys.exchange(second).status()).as("the one old secret in its grace window").isEqualTo(200);

        assertThat(keys.revoke(token, ApiKeyClient.publicIdOf(third, PREFIX)).status()).isEqualTo(204);

        assertRefused(keys.exchange(second), 401, "invalid_grant", "API key revoked");
    }

    @Test
    void adminsListAndRevokeAnyKeyButUsersCannotUseTheAdminEndpoint() {
        String key = keys.createKey(keys.userToken("alice"), List.of());
        String keyId = ApiKeyClient.publicIdOf(key, PREFIX);

        HttpJson.Reply asUser = environment.http().send("GET", environment.admin().url(realm.path("/api-keys")),
                keys.userToken("alice"), null);
        assertThat(asUser.status()).isEqualTo(403);

        HttpJson.Reply listed = environment.admin().get(realm.path("/api-keys?owner=" + aliceId));
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body()).contains(keyId).doesNotContain(key);

        assertThat(environment.admin().delete(realm.path("/api-keys/" + keyId)).status()).isEqualTo(204);
        assertRefused(keys.exchange(key), 401, "invalid_grant", "API key revoked");
    }

    @Test
    void policyIsValidatedAndEnforced() {
        HttpJson.Reply bad = environment.admin().put(realm.path("/api-keys/policy"), Map.of("prefix", "Bad Prefix",
                "maxAgeDays", -1, "expiryMandatory", false, "maxActiveKeysPerOwner", 0, "rotationGraceSeconds", 0,
                "tokenLifespanSeconds", 900));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("error_description").asText()).contains("prefix", "maxAgeDays",
                "maxActiveKeysPerOwner");

        setPolicy(Map.of("prefix", "acme_", "maxAgeDays", 30, "expiryMandatory", true, "maxActiveKeysPerOwner", 1,
                "rotationGraceSeconds", 60, "tokenLifespanSeconds", 120));
        try {
            String token = keys.userToken("bob");
            assertThat(keys.create(token, "no expiry", List.of(), null).status()).isEqualTo(400);
            long tooLate = java.time.Instant.now().plus(java.time.Duration.ofDays(31)).getEpochSecond();
            assertThat(keys.create(token, "too late", List.of(), tooLate).status()).isEqualTo(400);
            long inAWeek = java.time.Instant.now().plus(java.time.Duration.ofDays(7)).getEpochSecond();
            HttpJson.Reply first = keys.create(token, "first", List.of(), inAWeek);
            assertThat(first.status()).isEqualTo(201);
            assertThat(first.json().get("key").asText()).startsWith("acme_");
            assertThat(keys.create(token, "second", List.of(), inAWeek).status()).isEqualTo(409);
            HttpJson.Reply exchanged = keys.exchange(first.json().get("key").asText());
            assertThat(exchanged.json().get("expires_in").asInt()).isBetween(110, 120);
        } finally {
            setPolicy(Map.of("prefix", PREFIX, "maxAgeDays", 0, "expiryMandatory", false,
                    "maxActiveKeysPerOwner", 10, "rotationGraceSeconds", 86400, "tokenLifespanSeconds", 900));
        }
    }

    @Test
    void everyStepOfAKeysLifeIsAKeycloakEvent() {
        String token = keys.userToken("alice");
        String key = keys.createKey(token, List.of());
        String keyId = ApiKeyClient.publicIdOf(key, PREFIX);
        keys.exchange(key);
        keys.revoke(token, keyId);

        JsonNode events = environment.admin().get(realm.path("/events?user=" + aliceId + "&max=100")).json();
        List<String> seen = new ArrayList<>();
        events.forEach(event -> {
            if (keyId.equals(event.at("/details/api_key_id").asText())) {
                seen.add(event.get("type").asText() + ":" + event.at("/details/api_key_action").asText());
            }
        });
        assertThat(seen).contains("UPDATE_CREDENTIAL:create", "OAUTH2_EXTENSION_GRANT:use",
                "REMOVE_CREDENTIAL:revoke");
    }

    @Test
    void keysSurviveARestartAndNoSecretIsStoredLoggedOrExported() throws IOException {
        String key = keys.createKey(keys.userToken("alice"), List.of("events:read"));
        String secret = ApiKeyClient.secretOf(key, PREFIX);

        environment.keycloak().restart();

        assertThat(keys.exchange(key).status()).isEqualTo(200);
        assertThat(environment.keycloak().log()).doesNotContain(secret);
        HttpJson.Reply export = environment.admin().post(realm.path("/partial-export?exportClients=true"
                + "&exportGroupsAndRoles=true"), null);
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.body()).as("the admin console's partial export carries no keys, as no credentials")
                .doesNotContain(secret).doesNotContain(ApiKeyClient.publicIdOf(key, PREFIX))
                .doesNotContain(ApiKeyCredential.TYPE);
        assertThat(databaseFilesContain(secret)).isFalse();
        assertThat(databaseFilesContain(ApiKeyClient.publicIdOf(key, PREFIX)))
                .as("the key's public id is stored, so the database search itself works").isTrue();
    }

    private boolean databaseFilesContain(String text) throws IOException {
        Path data = Path.of(System.getProperty("keycloak.home"), "data");
        byte[] needle = text.getBytes(StandardCharsets.US_ASCII);
        try (Stream<Path> files = Files.walk(data)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (indexOf(Files.readAllBytes(file), needle) >= 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private void setPolicy(Map<String, Object> policy) {
        HttpJson.Reply reply = environment.admin().put(realm.path("/api-keys/policy"), policy);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    }
}
