package io.keycloakpack.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/** Just enough of Keycloak's HTTP APIs to set up a benchmark realm and send token requests. */
final class KeycloakAdmin {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;
    private final String adminUser;
    private final String adminPassword;
    private String adminToken;
    private long adminTokenRenewAt;

    KeycloakAdmin(String baseUrl, String adminUser, String adminPassword) throws IOException, InterruptedException {
        this.baseUrl = baseUrl;
        this.adminUser = adminUser;
        this.adminPassword = adminPassword;
        token();
    }

    /** The admin's access token, renewed before it expires (master tokens live 60 s; benchmarks run longer). */
    synchronized String token() throws IOException, InterruptedException {
        if (adminToken == null || System.nanoTime() > adminTokenRenewAt) {
            JsonNode token = JSON.readTree(post(baseUrl + "/realms/master/protocol/openid-connect/token",
                    form(Map.of("grant_type", "password", "client_id", "admin-cli", "username", adminUser,
                            "password", adminPassword)), null, "application/x-www-form-urlencoded").body());
            adminToken = token.get("access_token").asText();
            adminTokenRenewAt = System.nanoTime() + (token.get("expires_in").asLong() - 15) * 1_000_000_000L;
        }
        return adminToken;
    }

    /** POSTs JSON to an admin path; returns the created id from the Location header, if any. */
    String create(String path, Object body) throws IOException, InterruptedException {
        HttpResponse<String> response = post(baseUrl + "/admin/realms" + path, JSON.writeValueAsString(body),
                token(), "application/json");
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("POST " + path + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return response.headers().firstValue("Location").map(l -> l.substring(l.lastIndexOf('/') + 1)).orElse(null);
    }

    /** PUTs JSON to an admin path. */
    void put(String path, Object body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/admin/realms" + path))
                .header("Authorization", "Bearer " + token()).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("PUT " + path + ": HTTP " + response.statusCode() + " " + response.body());
        }
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/admin/realms" + path))
                .header("Authorization", "Bearer " + token()).build();
        return JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    void delete(String path) throws IOException, InterruptedException {
        http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/admin/realms" + path))
                .header("Authorization", "Bearer " + token()).DELETE().build(),
                HttpResponse.BodyHandlers.discarding());
    }

    HttpResponse<String> post(String url, String body, String bearer, String contentType)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    String baseUrl() {
        return baseUrl;
    }

    static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }
}
