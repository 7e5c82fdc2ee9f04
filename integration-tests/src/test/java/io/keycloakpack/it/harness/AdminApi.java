package io.keycloakpack.it.harness;

import java.time.Instant;
import java.util.Map;

/**
 * Keycloak's admin REST API as the bootstrap admin of the master realm, the way an operator's scripts use it.
 * Paths are relative to {@code /admin/realms}, e.g. {@code get("/demo/users")}.
 */
public final class AdminApi {

    private final HttpJson http;
    private final String baseUrl;
    private String token;
    private Instant tokenExpiry = Instant.MIN;

    AdminApi(HttpJson http, String baseUrl) {
        this.http = http;
        this.baseUrl = baseUrl;
    }

    public HttpJson.Reply get(String path) {
        return http.send("GET", url(path), token(), null);
    }

    public HttpJson.Reply post(String path, Object body) {
        return http.send("POST", url(path), token(), body);
    }

    public HttpJson.Reply put(String path, Object body) {
        return http.send("PUT", url(path), token(), body);
    }

    public HttpJson.Reply delete(String path) {
        return http.send("DELETE", url(path), token(), null);
    }

    /** Like {@link #post} but fails the test unless Keycloak answered 2xx; returns the created id, if any. */
    public String create(String path, Object body) {
        HttpJson.Reply reply = post(path, body);
        if (reply.status() / 100 != 2) {
            throw new AssertionError("POST " + path + " failed: " + reply);
        }
        String location = reply.header("Location");
        return location == null ? null : location.substring(location.lastIndexOf('/') + 1);
    }

    /** Like {@link #get} but fails the test unless Keycloak answered 200. */
    public <T> T read(String path, Class<T> type) {
        HttpJson.Reply reply = get(path);
        if (reply.status() != 200) {
            throw new AssertionError("GET " + path + " failed: " + reply);
        }
        return reply.as(type);
    }

    /** What the server has loaded: {@code GET /admin/serverinfo}. */
    public com.fasterxml.jackson.databind.JsonNode serverInfo() {
        HttpJson.Reply reply = http.send("GET", baseUrl + "/admin/serverinfo", token(), null);
        if (reply.status() != 200) {
            throw new AssertionError("GET /admin/serverinfo failed: " + reply);
        }
        return reply.json();
    }

    public String url(String path) {
        return baseUrl + "/admin/realms" + path;
    }

    /** Drops the cached admin token, e.g. after Keycloak's clock moved and the token looks expired to it. */
    public synchronized void forgetToken() {
        tokenExpiry = Instant.MIN;
    }

    /** A valid admin access token, refreshed a little before it expires. */
    public synchronized String token() {
        if (Instant.now().isAfter(tokenExpiry)) {
            HttpJson.Reply reply = http.postForm(baseUrl + "/realms/master/protocol/openid-connect/token", Map.of(
                    "grant_type", "password", "client_id", "admin-cli",
                    "username", KeycloakServer.ADMIN_USER, "password", KeycloakServer.ADMIN_PASSWORD), Map.of());
            if (reply.status() != 200) {
                throw new AssertionError("Admin login failed: " + reply);
            }
            token = reply.json().get("access_token").asText();
            tokenExpiry = Instant.now().plusSeconds(reply.json().get("expires_in").asLong() - 10);
        }
        return token;
    }
}
