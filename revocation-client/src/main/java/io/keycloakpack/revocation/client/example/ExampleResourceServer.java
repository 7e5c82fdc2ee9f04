package io.keycloakpack.revocation.client.example;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.keycloakpack.revocation.client.BearerToken;
import io.keycloakpack.revocation.client.ResourceServerGuards;
import io.keycloakpack.revocation.client.TokenGuard;
import io.keycloakpack.revocation.client.jwt.Verification;
import io.keycloakpack.revocation.client.jwt.VerifierConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The smallest resource server: {@code GET /whoami} answers the caller's subject for a valid, unrevoked bearer token
 * and 401 otherwise. Used by the end-to-end tests and the demo:
 * {@code java -cp ... ExampleResourceServer ISSUER REDIS_URL PORT}.
 */
public final class ExampleResourceServer implements AutoCloseable {

    private final HttpServer server;
    private final ResourceServerGuards.Guarded guarded;

    public ExampleResourceServer(String issuer, URI redisUrl, int port) throws IOException {
        guarded = ResourceServerGuards.forRealm(VerifierConfig.forIssuer(issuer), redisUrl,
                TokenGuard.WhenStale.FAIL_CLOSED);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/whoami", this::whoami);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public ResourceServerGuards.Guarded guarded() {
        return guarded;
    }

    private void whoami(HttpExchange exchange) throws IOException {
        Verification result = guarded.guard().check(
                BearerToken.from(exchange.getRequestHeaders().getFirst("Authorization")));
        if (result instanceof Verification.Accepted ok) {
            respond(exchange, 200, "{\"sub\":\"" + ok.claims().getSubject() + "\"}");
        } else {
            String reason = ((Verification.Refused) result).reason().name().toLowerCase(Locale.ROOT);
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            respond(exchange, 401, "{\"error\":\"invalid_token\",\"error_description\":\"" + reason + "\"}");
        }
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        guarded.close();
    }

    public static void main(String[] args) throws IOException {
        ExampleResourceServer server = new ExampleResourceServer(args[0], URI.create(args[1]),
                Integer.parseInt(args[2]));
        System.out.println("Example resource server on http://127.0.0.1:" + server.port() + "/whoami");
    }
}
