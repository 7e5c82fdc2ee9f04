package io.keycloakpack.it.sharedsignals;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.keycloakpack.it.harness.HttpJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An SSF receiver as RFC 8935 describes one: it accepts {@code application/secevent+jwt} pushes that carry the
 * agreed authorization header and a signature the realm's JWKS verifies, records their claims, and answers 202;
 * anything else gets 400 or 401 and is recorded as refused.
 */
final class PushReceiver implements AutoCloseable {

    static final String AUTHORIZATION = "Bearer push-secret-of-the-test-receiver";

    private final HttpServer server;
    private final HttpJson http;
    private final String jwksUrl;
    private final List<JsonNode> accepted = new CopyOnWriteArrayList<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();

    PushReceiver(HttpJson http, String jwksUrl) {
        this.http = http;
        this.jwksUrl = jwksUrl;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/events", this::receive);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/events";
    }

    /** The claims of every SET accepted so far, in the order they arrived. */
    List<JsonNode> accepted() {
        return List.copyOf(accepted);
    }

    /** Why each refused push was refused. */
    List<String> refused() {
        return List.copyOf(refused);
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String refusal = refusalOf(exchange, body);
            if (refusal != null) {
                refused.add(refusal);
                exchange.sendResponseHeaders(refusal.startsWith("authorization") ? 401 : 400, -1);
                return;
            }
            exchange.sendResponseHeaders(202, -1);
        }
    }

    private String refusalOf(HttpExchange exchange, String body) {
        if (!AUTHORIZATION.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            return "authorization header missing or wrong";
        }
        if (!"application/secevent+jwt".equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
            return "content type " + exchange.getRequestHeaders().getFirst("Content-Type");
        }
        try {
            JWSObject set = JWSObject.parse(body.trim());
            if (!JWSAlgorithm.RS256.equals(set.getHeader().getAlgorithm())
                    || !"secevent+jwt".equals(String.valueOf(set.getHeader().getType()))) {
                return "header " + set.getHeader();
            }
            JWK key = JWKSet.parse(http.send("GET", jwksUrl, null, null).body()).getKeyByKeyId(
                    set.getHeader().getKeyID());
            if (key == null || !set.verify(new RSASSAVerifier(key.toRSAKey()))) {
                return "signature not verified by the realm's JWKS";
            }
            accepted.add(HttpJson.JSON.readTree(set.getPayload().toString()));
            return null;
        } catch (ParseException | JOSEException | IOException e) {
            return "unreadable: " + e;
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
