package io.keycloakpack.it.apikeys;

import static io.keycloakpack.it.apikeys.ApiKeyExchangeIT.PREFIX;
import static io.keycloakpack.it.apikeys.ApiKeyExchangeIT.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keycloakpack.apikey.key.ApiKey;
import io.keycloakpack.apikey.key.ApiKeyFormat;
import io.keycloakpack.apikey.key.SecretHash;
import io.keycloakpack.it.harness.HttpJson;
import io.keycloakpack.it.harness.Jwt;
import io.keycloakpack.it.harness.KeycloakPackExtension;
import io.keycloakpack.it.harness.PackEnvironment;
import io.keycloakpack.it.harness.TestRealm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * An operator moves a realm with {@code kc.sh export} and {@code kc.sh import} or {@code --import-realm}: every key
 * comes along as a hash, keyed to its imported owner, and exchanges exactly as before; no secret is ever written.
 * Runs in the cluster lane, as operators run it: the production build on PostgreSQL, tasks against the database
 * while the node they belong to is stopped (the other node serves on).
 */
@ExtendWith(KeycloakPackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealmExportImportIT {

    private static final String KNOWN_SECRET = "K".repeat(32);

    private final PackEnvironment environment;
    private final TestRealm realm;
    private final ApiKeyClient keys;
    /** Each usable key and the scope its token carried before the export. */
    private final Map<String, String> usable = new LinkedHashMap<>();
    private String revoked;
    /** Bound to one audience and one address. */
    private String restricted;
    /** With rate limits and a daily allowance. */
    private String cappedId;
    private Path dirExport;
    private Path fileExport;

    RealmExportImportIT(PackEnvironment environment, TestRealm realm) {
        this.environment = environment;
        this.realm = realm;
        this.keys = new ApiKeyClient(environment, realm);
    }

    @BeforeAll
    void keysOfUsersAndOfAServiceAccountExportedBothWays() throws IOException {
        keys.prepareRealm();
        String alice = keys.userToken("alice");
        String plain = keys.createKey(alice, List.of("events:read"));
        String rotatedOut = keys.createKey(alice, List.of("events:write"));
        String rotatedIn = keys.rotate(alice, ApiKeyClient.publicIdOf(rotatedOut, PREFIX)).json().get("key").asText();
        String bob = keys.userToken("bob");
        revoked = keys.createKey(bob, List.of("events:read"));
        assertThat(keys.revoke(bob, ApiKeyClient.publicIdOf(revoked, PREFIX)).status()).isEqualTo(204);
        String robot = keys.serviceAccountKey("export-robot").key();
        HttpJson.Reply bound = keys.create(alice, Map.of("name", "bound", "scopes", List.of("events:read"),
                "audiences", List.of("export-robot"), "allowedSources", List.of("127.0.0.1")));
        assertThat(bound.status()).as(bound.toString()).isEqualTo(201);
        restricted = bound.json().get("key").asText();
        HttpJson.Reply capped = keys.create(alice, Map.of("name", "capped", "scopes", List.of("events:read"),
                "exchangesPerMinute", 7, "exchangesPerHour", 70, "usageLimit", 300, "usageRefill", "day"));
        assertThat(capped.status()).as(capped.toString()).isEqualTo(201);
        cappedId = capped.json().get("id").asText();
        assertThat(keys.exchange(capped.json().get("key").asText()).status()).as("one of its 300 used").isEqualTo(200);
        for (String key : List.of(plain, rotatedOut, rotatedIn, robot, restricted)) {
            usable.put(key, scopeAfterExchange(key));
        }

        Path work = Files.createDirectories(Path.of(System.getProperty("pack.work"), "export-" + realm.name()));
        dirExport = work.resolve("dir");
        fileExport = work.resolve(realm.name() + ".json");
        environment.keycloak().stop();
        try {
            environment.keycloak().runTask("export", "--dir", dirExport.toString(), "--realm", realm.name(),
                    "--users", "different_files");
            environment.keycloak().runTask("export", "--file", fileExport.toString(), "--realm", realm.name());
        } finally {
            environment.keycloak().start();
        }
    }

    @Test
    void exportCarriesEveryKeysHashButNoKeyAndNoSecret() throws IOException {
        String everything = String.join("\n", exportedFiles().stream().map(RealmExportImportIT::read).toList());

        for (String key : allKeys()) {
            String secret = ApiKeyClient.secretOf(key, PREFIX);
            assertThat(everything).doesNotContain(key).doesNotContain(secret)
                    .contains(ApiKeyClient.publicIdOf(key, PREFIX)).contains(SecretHash.of(secret));
        }
    }

    @Test
    void everyKeyExchangesAsBeforeAfterKcShImportOfADirectoryExportWithUsersInSeparateFiles() {
        environment.keycloak().stop();
        try {
            environment.keycloak().runTask("import", "--dir", dirExport.toString(), "--override", "true");
        } finally {
            environment.keycloak().start();
        }

        assertEveryKeyExchangesAsBefore();
    }

    @Test
    void everyKeyExchangesAsBeforeAfterImportRealmAtStartUpFromASingleFileExport() {
        environment.admin().delete("/" + realm.name());
        environment.keycloak().stop();
        environment.keycloak().startImporting(List.of(fileExport));

        assertEveryKeyExchangesAsBefore();
    }

    /** An admin's import that brings a key id the realm already has cannot replace the key behind it. */
    @Test
    void importedKeyWithAPublicIdTheRealmAlreadyHasIsSkippedNotOverwritten() {
        String victim = usable.keySet().iterator().next();
        String publicId = ApiKeyClient.publicIdOf(victim, PREFIX);
        ObjectNode mallory = userWithKeyCredential("mallory", publicId, SecretHash.of(KNOWN_SECRET));

        HttpJson.Reply imported = environment.admin().post(realm.path("/partialImport"),
                Map.of("ifResourceExists", "SKIP", "users", List.of(mallory)));

        assertThat(imported.status()).as(imported.toString()).isEqualTo(200);
        assertRefused(keys.exchange(new ApiKey(PREFIX, publicId, KNOWN_SECRET).value()), 401, "invalid_grant",
                "Invalid API key");
        assertThat(keys.exchange(victim).status()).isEqualTo(200);
        assertThat(environment.keycloak().log()).contains("API key " + publicId + " of user mallory not imported");
    }

    /** A user manager who writes a key credential (with a secret of their choosing) onto a user gets no key. */
    @Test
    void userManagerCannotPlantAWorkingKeyThroughTheUsersApi() {
        String aliceId = realm.userId("alice");
        ObjectNode update = userWithKeyCredential("alice", "PLANTED00001", SecretHash.of(KNOWN_SECRET));

        HttpJson.Reply reply = environment.admin().put(realm.path("/users/" + aliceId), update);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(environment.keycloak().log()).contains("only a realm import restores them");
        assertRefused(keys.exchange(new ApiKey(PREFIX, "PLANTED00001", KNOWN_SECRET).value()), 401,
                "invalid_grant", "Invalid API key");
    }

    /** An export made before 0.3 carries no prefix: its keys keep the one they were issued with. */
    @Test
    void keyFromAnExportMadeBeforeKeysKeptTheirPrefixExchangesUnderTheOldDefault() {
        forgetPrefix();
        ObjectNode olga = userWithKeyCredential("olga", "LEGACY000001", SecretHash.of(KNOWN_SECRET));

        HttpJson.Reply imported = environment.admin().post(realm.path("/partialImport"),
                Map.of("ifResourceExists", "SKIP", "users", List.of(olga)));

        assertThat(imported.status()).as(imported.toString()).isEqualTo(200);
        String issued = new ApiKey(ApiKeyFormat.LEGACY_DEFAULT_PREFIX, "LEGACY000001", KNOWN_SECRET).value();
        assertThat(keys.exchange(issued).status()).isEqualTo(200);
        assertRefused(keys.exchange(new ApiKey(PREFIX, "LEGACY000001", KNOWN_SECRET).value()), 401,
                "invalid_grant", "Invalid API key");
    }

    /**
     * An upgrade from 0.2: a key stored without its prefix gets the realm's prefix of the time at start-up, and
     * keeps it when the realm moves to another one.
     */
    @Test
    void keyStoredBeforeKeysKeptTheirPrefixKeepsItsOwnWhenTheRealmChangesPrefixAfterTheUpgrade() {
        setPrefix("acme_");
        try {
            String key = keys.createKey(keys.userToken("bob"), List.of("events:read"));
            String publicId = ApiKeyFormat.parse(key).publicId();
            environment.database().sql("UPDATE kcpack_api_key SET prefix = NULL WHERE public_id = '" + publicId + "'");

            environment.keycloak().restart();
            setPrefix("newco_");

            assertThat(keys.exchange(key).status()).as("issued as acme_, the realm now issues newco_").isEqualTo(200);
            assertThat(keys.list(keys.userToken("bob")).json().findValuesAsText("prefix")).contains("acme_" + publicId);
            assertThat(environment.keycloak().log()).contains("API keys stored before 0.3 keep their prefix 'acme_'");
        } finally {
            setPrefix(PREFIX);
        }
    }

    /** A broken key in an import fails the import as a whole: no user without the key, no key without the user. */
    @Test
    void malformedKeyInAnImportFailsTheWholeImportAndLeavesNothingBehind() {
        ObjectNode eve = userWithKeyCredential("eve", "MALFORMED001", "not-a-hash");

        HttpJson.Reply imported = environment.admin().post(realm.path("/partialImport"),
                Map.of("ifResourceExists", "SKIP", "users", List.of(eve)));

        assertThat(imported.status()).as(imported.toString()).isGreaterThanOrEqualTo(400);
        assertThat(environment.admin().get(realm.path("/users?exact=true&username=eve")).json()).isEmpty();
        assertThat(environment.keycloak().log()).contains("Imported API key credential has a missing or invalid "
                + "sha256");
    }

    /**
     * Keys stored before keys had credentials (here: one whose credential an admin deleted) get theirs back at the
     * next start-up, so that the next export carries them.
     */
    @Test
    void keyWithoutItsCredentialGetsItBackAtTheNextStartUp() {
        String key = keys.createKey(keys.userToken("bob"), List.of("events:read"));
        String bobId = realm.userId("bob");
        // The node's cached copy of bob lists a new key credential late (README); an operator clears it so.
        environment.admin().post(realm.path("/clear-user-cache"), null);
        String credentialId = keyCredentialIds(bobId, ApiKeyClient.publicIdOf(key, PREFIX)).get(0);
        assertThat(environment.admin().delete(realm.path("/users/" + bobId + "/credentials/" + credentialId))
                .status()).isEqualTo(204);
        assertThat(keyCredentialIds(bobId, ApiKeyClient.publicIdOf(key, PREFIX))).isEmpty();

        environment.keycloak().restart();

        assertThat(keyCredentialIds(bobId, ApiKeyClient.publicIdOf(key, PREFIX))).containsExactly(credentialId);
        assertThat(keys.exchange(key).status()).isEqualTo(200);
    }

    /** As a realm that never set a prefix: the attribute gone (the realm API removes attributes a PUT omits). */
    private void forgetPrefix() {
        Map<String, String> attributes = new HashMap<>(realm.representation().getAttributes());
        attributes.remove("keycloak-pack.api-key.prefix");
        RealmRepresentation change = new RealmRepresentation();
        change.setAttributes(attributes);
        realm.update(change);
    }

    private void setPrefix(String prefix) {
        HttpJson.Reply reply = environment.admin().put(realm.path("/api-keys/policy"), Map.of("prefix", prefix));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    }

    private List<String> keyCredentialIds(String userId, String publicId) {
        List<String> ids = new ArrayList<>();
        environment.admin().get(realm.path("/users/" + userId + "/credentials")).json().forEach(credential -> {
            if ("keycloak-pack-api-key".equals(credential.path("type").asText())
                    && credential.path("userLabel").asText().contains(publicId)) {
                ids.add(credential.path("id").asText());
            }
        });
        return ids;
    }

    private static ObjectNode userWithKeyCredential(String username, String publicId, String sha256) {
        ObjectNode user = HttpJson.JSON.createObjectNode().put("username", username).put("enabled", true);
        ArrayNode credentials = user.putArray("credentials");
        credentials.addObject().put("type", "keycloak-pack-api-key").put("userLabel", "planted")
                .put("secretData", "{\"sha256\":\"" + sha256 + "\"}")
                .put("credentialData", "{\"publicId\":\"" + publicId + "\",\"name\":\"planted\",\"scopes\":"
                        + "\"events:read\",\"state\":\"ACTIVE\",\"createdAt\":1}");
        return user;
    }

    private void assertEveryKeyExchangesAsBefore() {
        usable.forEach((key, scope) -> assertThat(scopeAfterExchange(key)).as(key.substring(0, 20)).isEqualTo(scope));
        assertRefused(keys.exchange(revoked), 401, "invalid_grant", "API key revoked");
        String boundToken = keys.exchange(restricted).json().get("access_token").asText();
        assertThat(Jwt.claims(boundToken).get("aud").asText()).as("its audience came along").isEqualTo("export-robot");
        assertRefused(keys.exchangeForwardedFor(restricted, "10.30.0.1"), 403, "access_denied",
                "API key not allowed from this address");
        JsonNode capped = StreamSupport.stream(keys.list(keys.userToken("alice")).json().spliterator(), false)
                .filter(key -> cappedId.equals(key.get("id").asText())).findFirst().orElseThrow();
        assertThat(capped.get("exchangesPerMinute").asInt()).as("its limits came along").isEqualTo(7);
        assertThat(capped.get("exchangesPerHour").asInt()).isEqualTo(70);
        assertThat(capped.get("usageLimit").asLong()).isEqualTo(300);
        assertThat(capped.get("usageRefill").asText()).isEqualTo("day");
        assertThat(capped.get("usageRemaining").asLong()).as("an imported key starts with its full allowance")
                .isEqualTo(300);
    }

    private String scopeAfterExchange(String key) {
        HttpJson.Reply reply = keys.exchange(key);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return Jwt.claims(reply.json().get("access_token").asText()).get("scope").asText();
    }

    private List<String> allKeys() {
        return Stream.concat(usable.keySet().stream(), Stream.of(revoked)).toList();
    }

    private List<Path> exportedFiles() throws IOException {
        try (Stream<Path> files = Files.list(dirExport)) {
            return Stream.concat(files.toList().stream(), Stream.of(fileExport)).toList();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
