package io.keycloakpack.revocation.client;

import io.keycloakpack.revocation.client.jwt.JwtVerifier;
import io.keycloakpack.revocation.client.jwt.VerifierConfig;
import io.keycloakpack.revocation.client.view.RedisRevocationFeed;
import io.keycloakpack.revocation.client.view.RevocationView;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;

/** Wires the usual set-up in one call: JWKS verification plus a Redis-fed revocation view for one realm. */
public final class ResourceServerGuards {

    /** Default staleness bound: three missed stream polls. */
    public static final Duration DEFAULT_STALENESS_BOUND = Duration.ofSeconds(3);

    private ResourceServerGuards() {
    }

    /**
     * A guard for tokens of {@code config}'s realm ({@code realmName} is the last segment of the issuer), fed from
     * Redis at {@code redisUrl}; close the returned feed when the application stops.
     */
    public static Guarded forRealm(VerifierConfig config, URI redisUrl, TokenGuard.WhenStale whenStale) {
        return forRealm(config, redisUrl, whenStale, DEFAULT_STALENESS_BOUND);
    }

    /** As above, with the time after which a view Redis has not confirmed counts as stale. */
    public static Guarded forRealm(VerifierConfig config, URI redisUrl, TokenGuard.WhenStale whenStale,
            Duration stalenessBound) {
        String realmName = config.issuer().substring(config.issuer().lastIndexOf('/') + 1);
        RevocationView view = new RevocationView(Clock.systemUTC());
        RedisRevocationFeed feed = new RedisRevocationFeed(redisUrl, realmName, view, Clock.systemUTC());
        return new Guarded(new TokenGuard(new JwtVerifier(config), view, feed, stalenessBound, whenStale),
                feed);
    }

    public record Guarded(TokenGuard guard, RedisRevocationFeed feed) implements AutoCloseable {

        @Override
        public void close() {
            feed.close();
        }
    }
}
