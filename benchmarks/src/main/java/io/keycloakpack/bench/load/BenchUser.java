package io.keycloakpack.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A user with a password and the public client that may exchange API keys: what key benchmarks start from. */
final class BenchUser {

    static final String CLIENT = "bench-app";
    static final String USERNAME = "bench";
    static final String PASSWORD = "bench-password";

    private final KeycloakAdmin admin;
    private final String realm;
    private final String id;

    private BenchUser(KeycloakAdmin admin, String realm, String id) {
        this.admin = admin;
        this.realm = realm;
        this.id = id;
    }

    static BenchUser withApiKeyClient(KeycloakAdmin admin, String realm) throws Exception {
        admin.create("/" + realm + "/clients", Map.of("clientId", CLIENT, "publicClient", true,
                "directAccessGrantsEnabled", true, "attributes",
                Map.of("keycloak-pack.api-key.grant.enabled", "true")));
        String id = admin.create("/" + realm + "/users", Map.of("username", USERNAME, "enabled", true,
                "email", "bench@example.test", "emailVerified", true, "firstName", "Bench", "lastName", "User",
                "credentials", List.of(Map.of("type", "password", "value", PASSWORD, "temporary", false))));
        return new BenchUser(admin, realm, id);
    }

    String id() {
        return id;
    }

    String passwordForm() {
        return KeycloakAdmin.form(Map.of("grant_type", "password", "client_id", CLIENT, "username", USERNAME,
                "password", PASSWORD));
    }

    JsonNode login() throws Exception {
        return KeycloakAdmin.JSON.readTree(admin.post(tokenUrl(), passwordForm(), null,
                "application/x-www-form-urlencoded").body());
    }

    /** A new API key of this user with {@code scopes}, as the owner REST API shows it once. */
    String createApiKey(List<String> scopes) throws Exception {
        return createApiKey(Map.of("name", "bench", "scopes", scopes));
    }

    /** A new API key of this user without scopes, with {@code limits} (exchangesPerMinute, usageLimit, ...). */
    String createApiKey(Map<String, Object> limits) throws Exception {
        Map<String, Object> body = new HashMap<>(Map.of("name", "bench", "scopes", List.of()));
        body.putAll(limits);
        String accessToken = login().get("access_token").asText();
        JsonNode created = KeycloakAdmin.JSON.readTree(admin.post(admin.baseUrl() + "/realms/" + realm
                + "/api-keys", KeycloakAdmin.JSON.writeValueAsString(body), accessToken, "application/json").body());
        if (!created.has("key")) {
            throw new IllegalStateException("Key creation refused: " + created);
        }
        return created.get("key").asText();
    }

    String tokenUrl() {
        return admin.baseUrl() + "/realms/" + realm + "/protocol/openid-connect/token";
    }
}
