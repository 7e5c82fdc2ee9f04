package io.keycloakpack.revocation.client.jwt;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The realm's signing keys by {@code kid}. Fetched on first use and again when a token names a key not seen yet
 * (Keycloak publishes the next key before using it), at most once per refetch interval, so that a flood of
 * made-up {@code kid}s cannot turn into a flood of requests to Keycloak.
 */
public final class JwksCache {

    private final URI jwksUri;
    private final Duration refetchInterval;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile Map<String, JWK> keys = Map.of();
    private volatile Instant lastFetch = Instant.MIN;

    public JwksCache(URI jwksUri, Duration refetchInterval, Clock clock) {
        this.jwksUri = jwksUri;
        this.refetchInterval = refetchInterval;
        this.clock = clock;
    }

    /** The key, refetching the JWKS if it is unknown and the last fetch is old enough. */
    public Optional<JWK> key(String kid) throws IOException {
        JWK known = keys.get(kid);
        if (known != null) {
            return Optional.of(known);
        }
        refetchIfAllowed();
        return Optional.ofNullable(keys.get(kid));
    }

    private synchronized void refetchIfAllowed() throws IOException {
        Instant now = clock.instant();
        if (lastFetch.plus(refetchInterval).isAfter(now)) {
            return;
        }
        lastFetch = now;
        keys = fetch();
    }

    private Map<String, JWK> fetch() throws IOException {
        HttpRequest request = HttpRequest.newBuilder(jwksUri).timeout(Duration.ofSeconds(5)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("JWKS " + jwksUri + " answered HTTP " + response.statusCode());
            }
            return JWKSet.parse(response.body()).getKeys().stream().filter(key -> key.getKeyID() != null)
                    .collect(Collectors.toUnmodifiableMap(JWK::getKeyID, key -> key, (a, b) -> a));
        } catch (ParseException e) {
            throw new IOException("JWKS " + jwksUri + " is not a JWK set", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted fetching " + jwksUri, e);
        }
    }
}
