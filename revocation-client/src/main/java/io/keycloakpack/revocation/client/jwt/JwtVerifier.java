package io.keycloakpack.revocation.client.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * Verifies a Keycloak access token locally: size, shape, algorithm allow-list, signature against the realm's JWKS,
 * the token's type (an access token, not an ID token or another JWT of the realm), then {@code iss}, {@code exp},
 * {@code nbf} (with clock skew) and audience. Thread-safe; make one per realm.
 */
public final class JwtVerifier {

    private final VerifierConfig config;
    private final JwksCache keys;
    private final Clock clock;

    public JwtVerifier(VerifierConfig config) {
        this(config, Clock.systemUTC());
    }

    public JwtVerifier(VerifierConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.keys = new JwksCache(config.jwksUri(), config.jwksRefetchInterval(), clock);
    }

    public Verification verify(String token) {
        if (token == null || token.isBlank()) {
            return Verification.refused(Refusal.MISSING, "No bearer token");
        }
        if (token.length() > config.maxTokenLength()) {
            return Verification.refused(Refusal.OVERSIZED, "Token longer than " + config.maxTokenLength());
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException | IllegalArgumentException e) {
            return Verification.refused(Refusal.MALFORMED, "Not a signed JWT: " + e.getMessage());
        }
        return checkSignature(jwt).or(() -> checkType(jwt, claims)).or(() -> checkClaims(claims))
                .orElseGet(() -> new Verification.Accepted(claims));
    }

    private Optional<Verification> checkSignature(SignedJWT jwt) {
        JWSHeader header = jwt.getHeader();
        if (!config.algorithms().contains(header.getAlgorithm())) {
            return refuse(Refusal.ALGORITHM_NOT_ALLOWED, "Algorithm " + header.getAlgorithm() + " not allowed");
        }
        JWK key;
        try {
            key = keys.key(header.getKeyID() == null ? "" : header.getKeyID()).orElse(null);
        } catch (IOException e) {
            return refuse(Refusal.JWKS_UNAVAILABLE, e.getMessage());
        }
        if (key == null) {
            return refuse(Refusal.UNKNOWN_KEY, "No key '" + header.getKeyID() + "' in the realm's JWKS");
        }
        try {
            JWSVerifier verifier = verifierFor(header.getAlgorithm(), key);
            if (verifier == null || !jwt.verify(verifier)) {
                return refuse(Refusal.BAD_SIGNATURE, "Signature does not verify with key '" + key.getKeyID() + "'");
            }
        } catch (JOSEException e) {
            return refuse(Refusal.BAD_SIGNATURE, e.getMessage());
        }
        return Optional.empty();
    }

    private static JWSVerifier verifierFor(JWSAlgorithm algorithm, JWK key) throws JOSEException {
        if (JWSAlgorithm.Family.RSA.contains(algorithm) && key instanceof RSAKey rsa) {
            return new RSASSAVerifier(rsa);
        }
        if (JWSAlgorithm.Family.EC.contains(algorithm) && key instanceof ECKey ec) {
            return new ECDSAVerifier(ec);
        }
        return null;
    }

    private static Optional<Verification> checkType(SignedJWT jwt, JWTClaimsSet claims) {
        String headerType = jwt.getHeader().getType() == null ? null : jwt.getHeader().getType().getType();
        return AccessTokenType.problem(headerType, claims.getClaim("typ"))
                .flatMap(problem -> refuse(Refusal.NOT_AN_ACCESS_TOKEN, problem));
    }

    private Optional<Verification> checkClaims(JWTClaimsSet claims) {
        Instant now = clock.instant();
        Date expires = claims.getExpirationTime();
        if (expires == null || expires.toInstant().plus(config.clockSkew()).isBefore(now)) {
            return refuse(Refusal.EXPIRED, "Token expired at " + (expires == null ? "(no exp)" : expires.toInstant()));
        }
        Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && notBefore.toInstant().minus(config.clockSkew()).isAfter(now)) {
            return refuse(Refusal.NOT_YET_VALID, "Token not valid before " + notBefore.toInstant());
        }
        if (!config.issuer().equals(claims.getIssuer())) {
            return refuse(Refusal.WRONG_ISSUER, "Issuer '" + claims.getIssuer() + "' is not '" + config.issuer() + "'");
        }
        if (!config.audiences().isEmpty() && !hasAcceptedAudience(claims)) {
            return refuse(Refusal.WRONG_AUDIENCE, "Token is not for " + config.audiences());
        }
        return Optional.empty();
    }

    private boolean hasAcceptedAudience(JWTClaimsSet claims) {
        List<String> audience = claims.getAudience();
        Object azp = claims.getClaim("azp");
        return audience.stream().anyMatch(config.audiences()::contains)
                || (azp instanceof String party && config.audiences().contains(party));
    }

    private static Optional<Verification> refuse(Refusal reason, String detail) {
        return Optional.of(Verification.refused(reason, detail));
    }
}
