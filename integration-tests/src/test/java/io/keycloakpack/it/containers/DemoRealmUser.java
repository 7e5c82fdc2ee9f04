package io.keycloakpack.it.containers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keycloakpack.apikey.grant.ApiKeyGrantTypeFactory;
import io.keycloakpack.apikey.key.ApiKeyFormat;
import io.keycloakpack.it.harness.HttpJson;
import io.keycloakpack.it.harness.Jwt;
import java.util.List;
import java.util.Map;

/**
 * What a newcomer does with the demo realm (demo/demo-realm.json) once Keycloak answers: alice signs in with the
 * password grant of {@code demo-cli}, makes an API key for {@code events:read}, exchanges it through
 * {@code api-key-exchange}, and revokes it.
 */
final class DemoRealmUser {

    private final HttpJson http = new HttpJson();
    private final String realmUrl;

    /** {@code baseUrl}: where Keycloak answers, e.g. {@code http://127.0.0.1:8080}. */
    DemoRealmUser(String baseUrl) {
        this.realmUrl = baseUrl + "/realms/demo";
    }

    String signIn() {
        HttpJson.Reply token = http.postForm(realmUrl + "/protocol/openid-connect/token", Map.of("grant_type",
                "password", "client_id", "demo-cli", "username", "alice", "password", "alice"), Map.of());
        assertThat(token.status()).as(token.toString()).isEqualTo(200);
        return token.json().get("access_token").asText();
    }

    String createKey(String userToken) {
        return createKey(userToken, Map.of("name", "from a container test", "scopes", List.of("events:read")));
    }

    /** A key usable only from {@code allowedSource}. */
    String createKeyFor(String userToken, String allowedSource) {
        return createKey(userToken, Map.of("name", "for " + allowedSource, "scopes", List.of("events:read"),
                "allowedSources", List.of(allowedSource)));
    }

    private String createKey(String userToken, Map<String, Object> body) {
        HttpJson.Reply created = http.send("POST", realmUrl + "/api-keys", userToken, body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("key").asText();
    }

    /** The claims of the token the key is exchanged for. */
    JsonNode exchange(String key) {
        HttpJson.Reply token = http.postForm(realmUrl + "/protocol/openid-connect/token", Map.of("grant_type",
                ApiKeyGrantTypeFactory.GRANT_TYPE, "client_id", "api-key-exchange", "api_key", key), Map.of());
        assertThat(token.status()).as(token.toString()).isEqualTo(200);
        return Jwt.claims(token.json().get("access_token").asText());
    }

    /** Revokes the key; returns its public id, under which the revocation reaches Redis. */
    String revoke(String userToken, String key) {
        String keyId = ApiKeyFormat.parse(key).publicId();
        assertThat(http.send("DELETE", realmUrl + "/api-keys/" + keyId, userToken, null).status()).isEqualTo(204);
        return keyId;
    }

    int exchangeStatus(String key) {
        return exchangeClaimingToBe(key, Map.of()).status();
    }

    /** An exchange carrying {@code headers}, e.g. a forwarding header a caller forged. */
    HttpJson.Reply exchangeClaimingToBe(String key, Map<String, String> headers) {
        return http.postForm(realmUrl + "/protocol/openid-connect/token", Map.of("grant_type",
                ApiKeyGrantTypeFactory.GRANT_TYPE, "client_id", "api-key-exchange", "api_key", key), headers);
    }
}
