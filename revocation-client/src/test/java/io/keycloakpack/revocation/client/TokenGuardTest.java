package io.keycloakpack.revocation.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.keycloakpack.revocation.client.jwt.JwtVerifier;
import io.keycloakpack.revocation.client.jwt.VerifierConfig;
import io.keycloakpack.revocation.client.view.Freshness;
import io.keycloakpack.revocation.client.view.RevocationView;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** When the starter's filters answer 503 to every bearer request: {@link TokenGuard#refusesAsStale()}. */
class TokenGuardTest {

    @Test
    void failClosedRefusesBeforeTheFirstLoadAndWhileStale() {
        assertThat(guard(TokenGuard.WhenStale.FAIL_CLOSED, false, false).refusesAsStale()).isTrue();
        assertThat(guard(TokenGuard.WhenStale.FAIL_CLOSED, true, true).refusesAsStale()).isTrue();
        assertThat(guard(TokenGuard.WhenStale.FAIL_CLOSED, true, false).refusesAsStale()).isFalse();
    }

    @Test
    void failOpenAcceptsWhileStaleButStillRefusesBeforeTheFirstLoad() {
        assertThat(guard(TokenGuard.WhenStale.FAIL_OPEN, true, true).refusesAsStale()).isFalse();
        assertThat(guard(TokenGuard.WhenStale.FAIL_OPEN, false, false).refusesAsStale())
                .as("nothing is known before the first load, whatever the mode").isTrue();
    }

    private static TokenGuard guard(TokenGuard.WhenStale whenStale, boolean loaded, boolean stale) {
        Freshness freshness = new Freshness() {
            @Override
            public boolean isStale(Duration bound) {
                return stale;
            }

            @Override
            public boolean isReady() {
                return loaded;
            }
        };
        return new TokenGuard(new JwtVerifier(VerifierConfig.forIssuer("https://kc.test/realms/a")),
                new RevocationView(Clock.systemUTC()), freshness, Duration.ofSeconds(3), whenStale);
    }
}
