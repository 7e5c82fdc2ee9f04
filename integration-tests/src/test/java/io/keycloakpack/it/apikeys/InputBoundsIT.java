package io.keycloakpack.it.apikeys;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keycloakpack.it.harness.HttpJson;
import io.keycloakpack.it.harness.KeycloakPackExtension;
import io.keycloakpack.it.harness.PackEnvironment;
import io.keycloakpack.it.harness.TestRealm;
import io.keycloakpack.mapper.permission.PermissionsMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;

/** Every input has a bound and a 4xx: no 500, no silent no-op, no token that no server accepts. */
@ExtendWith(KeycloakPackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InputBoundsIT {

    private final PackEnvironment environment;
    private final TestRealm realm;
    private final ApiKeyClient keys;
    private String clientUuid;

    InputBoundsIT(PackEnvironment environment, TestRealm realm) {
        this.environment = environment;
        this.realm = realm;
        this.keys = new ApiKeyClient(environment, realm);
    }

    @BeforeAll
    void setUp() {
        keys.prepareRealm();
        clientUuid = environment.admin().read(realm.path("/clients?clientId=" + ApiKeyClient.CLIENT_ID),
                ClientRepresentation[].class)[0].getId();
        List<String> many = IntStream.range(0, 400).mapToObj(i -> "resource" + i + ":read").toList();
        realm.createRealmRole("hoarder-role", many);
        realm.grantRealmRoles(realm.createUser("hoarder", "hoarder-password"), "hoarder-role");
    }

    @Test
    void keyExpiringCenturiesAheadIsRefused() {
        long year2500 = 16_725_225_600L;
        assertInvalidRequest(keys.create(keys.userToken("alice"), "forever", List.of(), year2500));
        assertInvalidRequest(keys.create(keys.userToken("alice"), "overflow", List.of(), Long.MAX_VALUE / 10));
    }

    @Test
    void keyExpiringInThePastIsRefused() {
        assertInvalidRequest(keys.create(keys.userToken("alice"), "past", List.of(),
                Instant.now().getEpochSecond() - 60));
    }

    @Test
    void keyWithMoreScopesThanTheStoreHoldsIsRefusedNotAServerError() {
        List<String> all = IntStream.range(0, 400).mapToObj(i -> "resource" + i + ":read").toList();

        HttpJson.Reply reply = keys.create(keys.userToken("hoarder"), "greedy", all, null);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.json().get("error").asText()).isEqualTo("invalid_scope");
    }

    @Test
    void overlongKeyIdIsNotFound() {
        HttpJson.Reply reply = keys.revoke(keys.userToken("alice"), "x".repeat(10_000));

        assertThat(reply.status()).as(reply.toString()).isIn(404, 414);
    }

    @Test
    void hugeBodyAnnouncedUpFrontIsRefusedWith413BeforeItIsSent() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(keys.keysUrl())).expectContinue(true)
                .header("Authorization", "Bearer " + keys.userToken("alice"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(hugeBody()))
                .build();

        HttpJson.Reply reply = environment.http().send(request);

        assertThat(reply.status()).as("HTTP %d", reply.status()).isEqualTo(413);
    }

    /**
     * A client that pushes the whole body regardless gets either a 4xx or a connection the server closes under it
     * (which of the two depends on how far the client got when the 413 was sent); either way nothing is stored.
     */
    @Test
    void hugeBodySentBlindIsCutOffAndNothingIsStored() {
        String alice = keys.userToken("alice");
        try {
            HttpJson.Reply reply = environment.http().send("POST", keys.keysUrl(), alice, hugeBody());
            assertThat(reply.status()).as("HTTP %d", reply.status()).isBetween(400, 499);
        } catch (UncheckedIOException closedByTheServer) {
            assertThat(closedByTheServer).hasRootCauseInstanceOf(IOException.class);
        }

        HttpJson.Reply list = environment.http().send("GET", keys.keysUrl(), alice, null);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).doesNotContain("nnnnnnnnnnnnnnnn");
    }

    private static String hugeBody() {
        return "{\"name\":\"" + "n".repeat(12 * 1024 * 1024) + "\",\"scopes\":[]}";
    }

    @Test
    void fractionalLimitIsRefusedNamingTheFieldRatherThanRoundedDown() {
        String alice = keys.userToken("alice");

        HttpJson.Reply reply = keys.create(alice, Map.of("name", "rounded", "scopes", List.of(),
                "exchangesPerMinute", 1.5));

        assertInvalidRequest(reply);
        assertThat(reply.json().get("error_description").asText())
                .isEqualTo("'exchangesPerMinute' must be a whole number");
        assertThat(keys.list(alice).body()).doesNotContain("rounded");
    }

    @Test
    void misspeltExpiryIsRefusedRatherThanLeavingAKeyThatNeverExpires() {
        String alice = keys.userToken("alice");

        HttpJson.Reply reply = keys.create(alice, Map.of("name", "never-expires", "scopes", List.of(),
                "expires_at", Instant.now().plusSeconds(3600).getEpochSecond()));

        assertInvalidRequest(reply);
        assertThat(reply.json().get("error_description").asText()).startsWith("Unknown field 'expires_at'")
                .contains("expiresAt");
        assertThat(keys.list(alice).body()).doesNotContain("never-expires");
    }

    @Test
    void malformedJsonOnEveryPackEndpointIsABadRequestThatSaysWhereAndChangesNothing() {
        String malformed = "{\"name\": \"half";
        String keyPolicy = environment.admin().get(realm.path("/api-keys/policy")).body();
        String rotationPolicy = environment.admin().get(realm.path("/rotation-policy")).body();

        List<HttpJson.Reply> replies = List.of(
                environment.http().send("POST", keys.keysUrl(), keys.userToken("alice"), malformed),
                environment.admin().put(realm.path("/api-keys/policy"), malformed),
                environment.admin().put(realm.path("/rotation-policy"), malformed),
                environment.admin().post(realm.path("/revocations"), malformed));

        replies.forEach(reply -> {
            assertInvalidRequest(reply);
            assertThat(reply.json().get("error_description").asText()).startsWith("Malformed JSON at line 1");
        });
        assertThat(environment.admin().get(realm.path("/api-keys/policy")).body()).isEqualTo(keyPolicy);
        assertThat(environment.admin().get(realm.path("/rotation-policy")).body()).isEqualTo(rotationPolicy);
    }

    @Test
    void fractionalOrMisspeltPolicySettingIsRefusedAndThePolicyStaysAsItWas() {
        String before = environment.admin().get(realm.path("/api-keys/policy")).body();

        HttpJson.Reply fraction = environment.admin().put(realm.path("/api-keys/policy"),
                Map.of("prefix", "kp", "tokenLifespanSeconds", 300.5));
        HttpJson.Reply typo = environment.admin().put(realm.path("/rotation-policy"),
                Map.of("refreshRotation", true, "refreshGraceSecs", 5));
        HttpJson.Reply revocation = environment.admin().post(realm.path("/revocations"),
                Map.of("type", "token", "id", "jti-fraction", "expiresAt", Instant.now().getEpochSecond() + 60.5));

        assertInvalidRequest(fraction);
        assertThat(fraction.json().get("error_description").asText())
                .isEqualTo("'tokenLifespanSeconds' must be a whole number");
        assertInvalidRequest(typo);
        assertThat(typo.json().get("error_description").asText()).startsWith("Unknown field 'refreshGraceSecs'");
        assertInvalidRequest(revocation);
        assertThat(revocation.json().get("error_description").asText()).isEqualTo("'expiresAt' must be a whole number");
        assertThat(environment.admin().get(realm.path("/api-keys/policy")).body()).isEqualTo(before);
    }

    /** A name is shown in consoles and emails: a NUL or a right-to-left override would make it lie about itself. */
    @Test
    void keyNameWithControlOrInvisibleFormattingCharactersIsRefused() {
        String alice = keys.userToken("alice");

        for (String name : List.of("nul\u0000byte", "evil\u202Etxt.exe", "line\nbreak")) {
            HttpJson.Reply reply = keys.create(alice, Map.of("name", name, "scopes", List.of()));

            assertInvalidRequest(reply);
            assertThat(reply.json().get("error_description").asText()).as(name).contains("control");
        }
        assertThat(keys.create(alice, Map.of("name", "Grüße, laptop 2", "scopes", List.of())).status())
                .isEqualTo(201);
    }

    /** A rotation keeps its key's terms: a body asking for others was silently dropped, and the key rotated. */
    @Test
    void rotationWithABodyIsRefusedAndTheKeyStaysAsItWas() {
        String alice = keys.userToken("alice");
        String keyId = ApiKeyClient.publicIdOf(keys.createKey(alice, List.of()), ApiKeyExchangeIT.PREFIX);

        HttpJson.Reply reply = environment.http().send("POST", keys.keysUrl() + "/" + keyId + "/rotate", alice,
                Map.of("expiresAt", 1));

        assertInvalidRequest(reply);
        assertThat(keys.list(alice).json().findValues("id").stream().map(JsonNode::asText)).contains(keyId);
        assertThat(keys.list(alice).body()).doesNotContain("ROTATING_OUT");
    }

    /** Paging that is no whole number in range was a bare 404, as if the endpoint were missing. */
    @Test
    void adminListPagingOutOfRangeOrNotANumberIsABadRequestNamingTheParameter() {
        for (String paging : List.of("first=abc", "first=-1", "max=abc", "max=0", "max=501", "first=99999999999")) {
            HttpJson.Reply reply = environment.admin().get(realm.path("/api-keys?" + paging));

            assertInvalidRequest(reply);
            assertThat(reply.json().get("error_description").asText()).as(paging)
                    .startsWith(paging.substring(0, paging.indexOf('=')) + " must be a whole number");
        }
        assertThat(environment.admin().get(realm.path("/api-keys?first=0&max=500")).status()).isEqualTo(200);
    }

    /** A PUT that leaves fields out (or sends null) would otherwise turn refresh-token rotation off without a word. */
    @Test
    void aRotationPolicyWithAFieldLeftOutOrNullIsRefusedNamingItAndChangesNothing() {
        String rotationPolicy = environment.admin().get(realm.path("/rotation-policy")).body();
        Map<String, Object> withNull = new HashMap<>(Map.of("refreshAbsoluteDays", 30, "refreshGraceSeconds", 2,
                "keyRotationDays", 0, "keyPublishAheadHours", 24, "keyRetainHours", 24));
        withNull.put("refreshRotation", null);

        HttpJson.Reply partial = environment.admin().put(realm.path("/rotation-policy"),
                Map.of("refreshAbsoluteDays", 30, "keyPublishAheadHours", 24));
        HttpJson.Reply nulled = environment.admin().put(realm.path("/rotation-policy"), withNull);

        assertInvalidRequest(partial);
        assertThat(partial.json().get("error_description").asText()).isEqualTo("'refreshRotation' is required");
        assertInvalidRequest(nulled);
        assertThat(nulled.json().get("error_description").asText()).contains("'refreshRotation'");
        assertThat(environment.admin().get(realm.path("/rotation-policy")).body()).isEqualTo(rotationPolicy);
    }

    /** "5" for a number used to be read as 5, and 5 for a name as "5": a client's type confusion is refused. */
    @Test
    void textWhereANumberBelongsOrANumberWhereTextBelongsIsRefusedNamingTheField() {
        String alice = keys.userToken("alice");

        HttpJson.Reply text = keys.create(alice, Map.of("name", "texty", "scopes", List.of(),
                "exchangesPerMinute", "5"));
        HttpJson.Reply number = keys.create(alice, Map.of("name", 5, "scopes", List.of()));

        assertInvalidRequest(text);
        assertThat(text.json().get("error_description").asText())
                .isEqualTo("'exchangesPerMinute' must be a whole number");
        assertInvalidRequest(number);
        assertThat(number.json().get("error_description").asText()).isEqualTo("'name' must be a string");
        assertThat(keys.list(alice).body()).doesNotContain("texty");
    }

    @Test
    void wrongTypeFractionOrStrayFieldOnTheOtherBodiesIsRefusedNamingItAndChangesNothing() {
        String alice = keys.userToken("alice");
        String rotationPolicy = environment.admin().get(realm.path("/rotation-policy")).body();

        HttpJson.Reply wrongType = keys.create(alice, Map.of("name", "typed-wrong", "scopes", List.of(),
                "expiresAt", "tomorrow"));
        HttpJson.Reply fraction = environment.admin().put(realm.path("/rotation-policy"),
                Map.of("refreshRotation", true, "refreshGraceSeconds", 2.5));
        HttpJson.Reply stray = environment.admin().post(realm.path("/revocations"),
                Map.of("type", "token", "id", "jti-stray", "reason", "leaked"));

        assertInvalidRequest(wrongType);
        assertThat(wrongType.json().get("error_description").asText()).isEqualTo("'expiresAt' must be a whole number");
        assertThat(keys.list(alice).body()).doesNotContain("typed-wrong");
        assertInvalidRequest(fraction);
        assertThat(fraction.json().get("error_description").asText())
                .isEqualTo("'refreshGraceSeconds' must be a whole number");
        assertThat(environment.admin().get(realm.path("/rotation-policy")).body()).isEqualTo(rotationPolicy);
        assertInvalidRequest(stray);
        assertThat(stray.json().get("error_description").asText()).startsWith("Unknown field 'reason'");
    }

    @Test
    void emergencyRevocationWithAnOverlongIdIsABadRequest() {
        HttpJson.Reply reply = environment.admin().post(realm.path("/revocations"),
                Map.of("type", "token", "id", "j".repeat(5000)));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
    }

    @Test
    void emergencyTokenRevocationExpiringInThePastOrCenturiesAheadIsABadRequest() {
        assertThat(environment.admin().post(realm.path("/revocations"), Map.of("type", "token", "id", "jti-1",
                "expiresAt", Instant.now().getEpochSecond() - 10)).status()).isEqualTo(400);
        assertThat(environment.admin().post(realm.path("/revocations"), Map.of("type", "token", "id", "jti-2",
                "expiresAt", 16_725_225_600L)).status()).isEqualTo(400);
    }

    @Test
    void mapperThatWouldOverwriteAReservedClaimIsRefusedWhenSaved() {
        for (String reserved : List.of("sub", "iss", "aud", "exp", "iat", "scope", "api_key_id")) {
            HttpJson.Reply reply = addMapper("overwrite-" + reserved, Map.of("claim.name", reserved));
            assertThat(reply.status()).as(reserved + ": " + reply).isEqualTo(400);
        }
    }

    @Test
    void thousandsOfPermissionsAreCappedSoTheTokenStillFitsInAHeader() {
        assertThat(addMapper("capped-permissions", Map.of("claim.name", "permissions",
                "keycloak-pack.max-values", "100")).status()).isEqualTo(201);

        String token = realm.passwordGrant(ApiKeyClient.CLIENT_ID, "hoarder", "hoarder-password").json()
                .get("access_token").asText();

        assertThat(io.keycloakpack.it.harness.Jwt.claims(token).get("permissions")).hasSize(100);
        assertThat(token.length()).isLessThan(8192);
        assertThat(environment.keycloak().log()).contains("claim 'permissions' has 400 values, more than its cap "
                + "of 100");
    }

    @Test
    void mapperWithAnUnreadableCapIsRefusedWhenSaved() {
        assertThat(addMapper("bad-cap", Map.of("claim.name", "perms2", "keycloak-pack.max-values", "lots"))
                .status()).isEqualTo(400);
    }

    private HttpJson.Reply addMapper(String name, Map<String, String> extra) {
        ProtocolMapperRepresentation mapper = new ProtocolMapperRepresentation();
        mapper.setName(name);
        mapper.setProtocol("openid-connect");
        mapper.setProtocolMapper(PermissionsMapper.PROVIDER_ID);
        Map<String, String> config = new HashMap<>(Map.of("access.token.claim", "true"));
        config.putAll(extra);
        mapper.setConfig(config);
        return environment.admin().post(realm.path("/clients/" + clientUuid + "/protocol-mappers/models"), mapper);
    }

    private static void assertInvalidRequest(HttpJson.Reply reply) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.json().get("error").asText()).isEqualTo("invalid_request");
    }
}
