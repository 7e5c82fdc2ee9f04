package io.keycloakpack.revocation.client.spring;

import com.nimbusds.jwt.JWTClaimsSet;
import io.keycloakpack.revocation.client.TokenGuard;
import io.keycloakpack.revocation.client.jwt.AccessTokenType;
import io.keycloakpack.revocation.client.jwt.Refusal;
import io.keycloakpack.revocation.client.jwt.Verification;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Adds the token-type and revocation checks to Spring Security's JWT validation (signature, issuer and expiry stay
 * with Spring's decoder): {@code decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(defaults, new
 * RevocationTokenValidator(guard)))}.
 */
public final class RevocationTokenValidator implements OAuth2TokenValidator<Jwt> {

    private final TokenGuard guard;

    public RevocationTokenValidator(TokenGuard guard) {
        this.guard = guard;
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt jwt) {
        Object headerType = jwt.getHeaders().get("typ");
        if (AccessTokenType.problem(headerType instanceof String text ? text : null, jwt.getClaims().get("typ"))
                .isPresent()) {
            return failure(Refusal.NOT_AN_ACCESS_TOKEN);
        }
        Verification result = guard.checkRevocation(claimsOf(jwt));
        if (result instanceof Verification.Refused refused) {
            return failure(refused.reason());
        }
        return OAuth2TokenValidatorResult.success();
    }

    private static OAuth2TokenValidatorResult failure(Refusal reason) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token",
                reason.name().toLowerCase(java.util.Locale.ROOT), null));
    }

    static JWTClaimsSet claimsOf(Jwt jwt) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().jwtID(jwt.getId()).subject(jwt.getSubject());
        Instant issuedAt = jwt.getIssuedAt();
        if (issuedAt != null) {
            claims.issueTime(Date.from(issuedAt));
        }
        for (Map.Entry<String, Object> claim : jwt.getClaims().entrySet()) {
            if (claim.getValue() instanceof String text) {
                claims.claim(claim.getKey(), text);
            }
        }
        return claims.build();
    }
}
