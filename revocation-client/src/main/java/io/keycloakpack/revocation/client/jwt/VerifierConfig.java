package io.keycloakpack.revocation.client.jwt;

import com.nimbusds.jose.JWSAlgorithm;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How tokens of one Keycloak realm are checked. Build with {@link #forIssuer(String)}; defaults: the realm's JWKS,
 * RS256/PS256/ES256, 30 s clock skew, 8 KiB tokens, JWKS refetched on an unknown key at most every 30 s, any
 * audience.
 */
public record VerifierConfig(String issuer, URI jwksUri, Set<JWSAlgorithm> algorithms, Set<String> audiences,
        Duration clockSkew, int maxTokenLength, Duration jwksRefetchInterval) {

    public static final Set<JWSAlgorithm> DEFAULT_ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.PS256,
            JWSAlgorithm.ES256);

    public VerifierConfig {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(jwksUri, "jwksUri");
        algorithms = Set.copyOf(algorithms);
        audiences = Set.copyOf(audiences);
        if (algorithms.stream().anyMatch(alg -> JWSAlgorithm.Family.HMAC_SHA.contains(alg))) {
            throw new IllegalArgumentException("HMAC algorithms cannot be verified with a realm's public keys");
        }
    }

    /** A Keycloak realm's issuer, e.g. {@code https://kc.example.com/realms/demo}. */
    public static VerifierConfig forIssuer(String issuer) {
        return new VerifierConfig(issuer, URI.create(issuer + "/protocol/openid-connect/certs"), DEFAULT_ALGORITHMS,
                Set.of(), Duration.ofSeconds(30), 8192, Duration.ofSeconds(30));
    }

    /** Accept only tokens whose {@code aud} or {@code azp} names one of these. */
    public VerifierConfig withAudiences(String... accepted) {
        return new VerifierConfig(issuer, jwksUri, algorithms, Set.of(accepted), clockSkew, maxTokenLength,
                jwksRefetchInterval);
    }

    public VerifierConfig withClockSkew(Duration skew) {
        return new VerifierConfig(issuer, jwksUri, algorithms, audiences, skew, maxTokenLength, jwksRefetchInterval);
    }

    public VerifierConfig withJwksUri(URI uri) {
        return new VerifierConfig(issuer, uri, algorithms, audiences, clockSkew, maxTokenLength, jwksRefetchInterval);
    }

    public VerifierConfig withJwksRefetchInterval(Duration interval) {
        return new VerifierConfig(issuer, jwksUri, algorithms, audiences, clockSkew, maxTokenLength, interval);
    }
}
