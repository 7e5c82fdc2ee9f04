package io.keycloakpack.it.apikeys;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keycloakpack.apikey.grant.ApiKeyGrantTypeFactory;
import io.keycloakpack.apikey.key.ApiKey;
import io.keycloakpack.apikey.key.ApiKeyFormat;
import io.keycloakpack.it.harness.HttpJson;
import io.keycloakpack.it.harness.Jwt;
import io.keycloakpack.it.harness.KeycloakPackExtension;
import io.keycloakpack.it.harness.LoopbackCaller;
import io.keycloakpack.it.harness.PackEnvironment;
import io.keycloakpack.it.harness.TestRealm;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.ClientRepresentation;

/**
 * What a key may be used for and from where: its audiences are exactly the {@code aud} of its tokens, its allowlist
 * is checked against Keycloak's own view of the caller (here without proxy headers, so forwarded headers are the
 * caller's word and count for nothing), and a key keeps the prefix it was issued with.
 */
@ExtendWith(KeycloakPackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyRestrictionsIT {

    private static final String PREFIX = ApiKeyFormat.DEFAULT_PREFIX;

    private final PackEnvironment environment;
    private final TestRealm realm;
    private final ApiKeyClient keys;

    KeyRestrictionsIT(PackEnvironment environment, TestRealm realm) {
        this.environment = environment;
        this.realm = realm;
        this.keys = new ApiKeyClient(environment, realm);
    }

    /** The usual key realm, two resource servers, and a mapper that puts billing-api in every token's aud. */
    @BeforeAll
    void setUp() {
        keys.prepareRealm();
        keys.setPolicy(Map.of());
        ClientRepresentation orders = new ClientRepresentation();
        orders.setClientId("orders-api");
        orders.setPublicClient(false);
        orders.setSecret("orders-secret");
        environment.admin().create(realm.path("/clients"), orders);
        realm.createIntrospector("billing-api", "billing-secret", ApiKeyClient.CLIENT_ID);
    }

    @Test
    void keyTokensAudienceIsExactlyTheKeysThoughAMapperOfTheClientAddsAnother() {
        String key = createKey(Map.of("audiences", List.of("orders-api")));

        JsonNode claims = Jwt.claims(accessToken(keys.exchange(key)));

        assertThat(audiences(claims)).containsExactly("orders-api");
        JsonNode userToken = Jwt.claims(keys.userToken("alice"));
        assertThat(audiences(userToken)).as("the mapper is at work for other tokens").contains("billing-api");
    }

    @Test
    void keyWithoutAudiencesMintsTokensWithoutAnyAudienceThoughAMapperAddsOne() {
        String key = createKey(Map.of());

        assertThat(Jwt.claims(accessToken(keys.exchange(key))).has("aud")).isFalse();
    }

    @Test
    void audienceThatIsNoClientOfTheRealmIsRefusedAtCreationAndNothingIsStored() {
        String token = keys.userToken("alice");
        int before = keys.list(token).json().size();

        HttpJson.Reply reply = keys.create(token, body(Map.of("audiences", List.of("orders-api", "payroll-api"))));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.json().get("error").asText()).isEqualTo("invalid_target");
        assertThat(reply.json().get("error_description").asText()).contains("'payroll-api'");
        assertThat(keys.list(token).json().size()).isEqualTo(before);
    }

    @Test
    void realmThatRequiresAudiencesAndAllowlistsRefusesKeysWithoutThem() {
        keys.setPolicy(Map.of("audienceMandatory", true, "allowlistMandatory", true));
        try {
            String token = keys.userToken("alice");
            HttpJson.Reply noAudience = keys.create(token, body(Map.of("allowedSources", List.of("127.0.0.1"))));
            HttpJson.Reply noAllowlist = keys.create(token, body(Map.of("audiences", List.of("orders-api"))));
            HttpJson.Reply both = keys.create(token, body(Map.of("audiences", List.of("orders-api"),
                    "allowedSources", List.of("127.0.0.1"))));

            assertThat(noAudience.status()).as(noAudience.toString()).isEqualTo(400);
            assertThat(noAudience.json().get("error").asText()).isEqualTo("invalid_target");
            assertThat(noAllowlist.status()).as(noAllowlist.toString()).isEqualTo(400);
            assertThat(noAllowlist.json().get("error_description").asText()).contains("allowedSources");
            assertThat(both.status()).as(both.toString()).isEqualTo(201);
        } finally {
            keys.setPolicy(Map.of());
        }
    }

    @Test
    void exchangeFromAnAddressOutsideTheAllowlistIsRefusedWithItsOwnErrorAndEvent() {
        String key = createKey(Map.of("allowedSources", List.of("127.0.0.21/32", "2001:db8::/32")));

        HttpJson.Reply outside = exchangeFrom("127.0.0.22", key);
        HttpJson.Reply inside = exchangeFrom("127.0.0.21", key);

        assertThat(outside.status()).as(outside.toString()).isEqualTo(403);
        assertThat(outside.json().get("error").asText()).isEqualTo("access_denied");
        assertThat(outside.json().get("error_description").asText()).isEqualTo("API key not allowed from this address");
        assertThat(inside.status()).as(inside.toString()).isEqualTo(200);
        assertThat(errorEvents("api_key_source_not_allowed")).anySatisfy(event -> {
            assertThat(event.path("details").path("api_key_id").asText()).isEqualTo(publicIdOf(key));
            assertThat(event.path("ipAddress").asText()).isEqualTo("127.0.0.22");
        });
    }

    @Test
    void spoofedForwardingHeadersDoNotPassTheAllowlistWhileProxyHeadersAreOff() {
        String key = createKey(Map.of("allowedSources", List.of("203.0.113.7")));

        HttpJson.Reply spoofed = environment.http().postForm(realm.tokenEndpoint(),
                Map.of("grant_type", ApiKeyGrantTypeFactory.GRANT_TYPE, "client_id", ApiKeyClient.CLIENT_ID,
                        "api_key", key),
                Map.of("X-Forwarded-For", "203.0.113.7", "Forwarded", "for=203.0.113.7", "X-Real-IP",
                        "203.0.113.7"));

        assertThat(spoofed.status()).as(spoofed.toString()).isEqualTo(403);
        assertThat(spoofed.json().get("error").asText()).isEqualTo("access_denied");
    }

    @Test
    void wrongSecretFromOutsideTheAllowlistGetsTheAnswerEveryWrongSecretGets() {
        String key = createKey(Map.of("allowedSources", List.of("127.0.0.23")));

        HttpJson.Reply guess = exchangeFrom("127.0.0.24", ApiKeyClient.wrongSecretFor(key, PREFIX));

        assertThat(guess.status()).as(guess.toString()).isEqualTo(401);
        assertThat(guess.json().get("error_description").asText()).isEqualTo("Invalid API key");
    }

    @Test
    void allowlistEntriesThatAreNotAddressesAreRefusedNamingThemAndNothingIsStored() {
        String token = keys.userToken("alice");
        int before = keys.list(token).json().size();
        for (String bad : List.of("localhost", "10.0.0.0/33", "203.0.113.7/24", "1.2.3")) {
            HttpJson.Reply reply = keys.create(token, body(Map.of("allowedSources", List.of("127.0.0.1", bad))));

            assertThat(reply.status()).as(bad + ": " + reply).isEqualTo(400);
            assertThat(reply.json().get("error_description").asText()).contains("'" + bad + "'");
        }
        assertThat(keys.list(token).json().size()).isEqualTo(before);
    }

    @Test
    void rotatedKeysReplacementKeepsItsAudiencesAndAllowlist() {
        String token = keys.userToken("alice");
        String old = createKey(Map.of("audiences", List.of("orders-api"), "allowedSources",
                List.of("127.0.0.25", "2001:db8::/32")));

        HttpJson.Reply rotated = keys.rotate(token, publicIdOf(old));

        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(201);
        assertThat(strings(rotated.json().get("audiences"))).containsExactly("orders-api");
        assertThat(strings(rotated.json().get("allowedSources"))).containsExactly("127.0.0.25",
                "2001:db8:0:0:0:0:0:0/32");
        String replacement = rotated.json().get("key").asText();
        assertThat(exchangeFrom("127.0.0.26", replacement).status()).isEqualTo(403);
        HttpJson.Reply inside = exchangeFrom("127.0.0.25", replacement);
        assertThat(audiences(Jwt.claims(accessToken(inside)))).containsExactly("orders-api");
    }

    @Test
    void keysKeepThePrefixTheyWereIssuedWithWhenTheRealmChangesIt() {
        String old = createKey(Map.of());
        assertThat(old).startsWith(PREFIX);

        keys.setPolicy(Map.of("prefix", "acme_live_"));
        try {
            String newer = createKey(Map.of());

            assertThat(newer).startsWith("acme_live_");
            assertThat(keys.exchange(old).status()).as("made under the old prefix").isEqualTo(200);
            assertThat(keys.exchange(newer).status()).isEqualTo(200);
            List<String> shown = new ArrayList<>();
            keys.list(keys.userToken("alice")).json().forEach(k -> shown.add(k.get("prefix").asText()));
            assertThat(shown).contains(PREFIX + publicIdOf(old), "acme_live_" + publicIdOf(newer));
        } finally {
            keys.setPolicy(Map.of());
        }
    }

    @Test
    void keyPresentedUnderAnotherPrefixIsRefusedAsAnInvalidKey() {
        String key = createKey(Map.of());
        String secret = ApiKeyClient.secretOf(key, PREFIX);

        HttpJson.Reply reply = keys.exchange(new ApiKey("other_", publicIdOf(key), secret).value());

        assertThat(reply.status()).as(reply.toString()).isEqualTo(401);
        assertThat(reply.json().get("error_description").asText()).isEqualTo("Invalid API key");
    }

    private String createKey(Map<String, Object> terms) {
        HttpJson.Reply reply = keys.create(keys.userToken("alice"), body(terms));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json().get("key").asText();
    }

    private static Map<String, Object> body(Map<String, Object> terms) {
        Map<String, Object> body = new HashMap<>(Map.of("name", "restricted", "scopes", List.of("events:read")));
        body.putAll(terms);
        return body;
    }

    private HttpJson.Reply exchangeFrom(String address, String key) {
        return LoopbackCaller.postForm(address, realm.tokenEndpoint(), Map.of("grant_type",
                ApiKeyGrantTypeFactory.GRANT_TYPE, "client_id", ApiKeyClient.CLIENT_ID, "api_key", key));
    }

    private List<JsonNode> errorEvents(String error) {
        JsonNode events = environment.admin().get(realm.path("/events?type=OAUTH2_EXTENSION_GRANT_ERROR&max=200"))
                .json();
        List<JsonNode> matching = new ArrayList<>();
        events.forEach(event -> {
            if (error.equals(event.path("error").asText())) {
                matching.add(event);
            }
        });
        return matching;
    }

    /** The realm's key policy: defaults but room for every key this class makes, changed by {@code changes}. */

    private static String accessToken(HttpJson.Reply reply) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json().get("access_token").asText();
    }

    private static String publicIdOf(String key) {
        return ApiKeyFormat.parse(key).publicId();
    }

    /** {@code aud} as a list, whether Keycloak wrote one string or an array. */
    private static List<String> audiences(JsonNode claims) {
        JsonNode aud = claims.path("aud");
        return aud.isTextual() ? List.of(aud.asText()) : strings(aud);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
