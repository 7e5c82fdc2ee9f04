package io.keycloakpack.revocation.client.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.keycloakpack.contract.RevocationSchema;
import io.keycloakpack.contract.RevocationSchema.Kind;
import io.keycloakpack.revocation.client.TokenGuard;
import io.keycloakpack.revocation.client.jwt.JwtVerifier;
import io.keycloakpack.revocation.client.jwt.VerifierConfig;
import io.keycloakpack.revocation.client.view.RevocationView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

class RevocationTokenValidatorTest {

    private final RevocationView view = new RevocationView(Clock.systemUTC());
    private final AtomicBoolean stale = new AtomicBoolean();
    private final RevocationTokenValidator validator = new RevocationTokenValidator(new TokenGuard(
            new JwtVerifier(VerifierConfig.forIssuer("https://kc.test/realms/a")), view, bound -> stale.get(),
            Duration.ofSeconds(30), TokenGuard.WhenStale.FAIL_CLOSED));

    @Test
    void unrevokedTokenPasses() {
        assertThat(validator.validate(jwt("jti-1", "user-1", Instant.now())).hasErrors()).isFalse();
    }

    @Test
    void tokenOfARevokedUserFailsWithInvalidToken() {
        Instant issued = Instant.now().minusSeconds(5);
        view.apply(Kind.USER, "user-2", issued.getEpochSecond() + 1, issued.getEpochSecond() + 600);

        OAuth2TokenValidatorResult result = validator.validate(jwt("jti-2", "user-2", issued));

        assertThat(result.hasErrors()).isTrue();
        assertThat(result.getErrors()).anySatisfy(error -> {
            assertThat(error.getErrorCode()).isEqualTo("invalid_token");
            assertThat(error.getDescription()).isEqualTo("revoked");
        });
    }

    @Test
    void revokedTokenIdFails() {
        view.apply(Kind.TOKEN, RevocationSchema.tokenDigest("jti-3"), 0, Instant.now().getEpochSecond() + 600);
        assertThat(validator.validate(jwt("jti-3", "user-3", Instant.now())).hasErrors()).isTrue();
    }

    @Test
    void staleRevocationStateFailsClosed() {
        stale.set(true);
        assertThat(validator.validate(jwt("jti-4", "user-4", Instant.now())).getErrors())
                .anySatisfy(error -> assertThat(error.getDescription()).isEqualTo("revocation_state_stale"));
    }

    @Test
    void idTokenFailsAsNotAnAccessToken() {
        Jwt idToken = Jwt.withTokenValue("token").header("alg", "RS256").jti("jti-5").subject("user-5")
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(300)).claim("typ", "ID").build();
        assertThat(validator.validate(idToken).getErrors())
                .anySatisfy(error -> assertThat(error.getDescription()).isEqualTo("not_an_access_token"));
    }

    private static Jwt jwt(String jti, String subject, Instant issuedAt) {
        return Jwt.withTokenValue("token").header("alg", "RS256").jti(jti).subject(subject).issuedAt(issuedAt)
                .expiresAt(issuedAt.plusSeconds(300)).claim("typ", "Bearer").claim("azp", "app").claim("sid", "s-1")
                .build();
    }
}
