package io.keycloakpack.spring.boot.health;

import io.keycloakpack.revocation.client.ResourceServerGuards;
import io.keycloakpack.revocation.client.TokenGuard;
import io.keycloakpack.revocation.client.view.RedisRevocationFeed;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * {@code revocationView} in Actuator's health: UP while Redis confirms the view, OUT_OF_SERVICE before the first
 * load and while it is stale; details say which, how many revocations it holds and when the last one arrived.
 */
public final class RevocationViewHealthIndicator extends AbstractHealthIndicator {

    private final ResourceServerGuards.Guarded guarded;

    public RevocationViewHealthIndicator(ResourceServerGuards.Guarded guarded) {
        super("Revocation view check failed");
        this.guarded = guarded;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        TokenGuard guard = guarded.guard();
        RedisRevocationFeed.Stats feed = guarded.feed().stats();
        boolean fresh = guard.isReady() && !guard.isStale();
        (fresh ? builder.up() : builder.outOfService())
                .withDetail("loaded", guard.isReady())
                .withDetail("fresh", fresh)
                .withDetail("stale", guard.isReady() && guard.isStale())
                .withDetail("entries", guard.stats().revocationEntries())
                .withDetail("fullLoads", feed.fullLoads());
        if (feed.lastEvent() != null) {
            builder.withDetail("lastEvent", feed.lastEvent().toString());
        }
    }
}
