package io.keycloakpack.spring.boot.metrics;

import io.keycloakpack.revocation.client.TokenGuard;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The revocation check in Micrometer: {@code keycloak_pack.revocation.checks} by outcome (accepted, refused),
 * {@code keycloak_pack.revocation.checks.stale} (checked while the view was stale or loading), and the view's
 * {@code keycloak_pack.revocation.view.entries} and {@code keycloak_pack.revocation.view.ready}.
 */
public final class RevocationMeters implements MeterBinder {

    private final TokenGuard guard;

    public RevocationMeters(TokenGuard guard) {
        this.guard = guard;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("keycloak_pack.revocation.checks", guard, g -> g.stats().accepted())
                .tag("outcome", "accepted").description("Bearer tokens the revocation check accepted")
                .register(registry);
        FunctionCounter.builder("keycloak_pack.revocation.checks", guard, g -> g.stats().refused())
                .tag("outcome", "refused").description("Bearer tokens the revocation check refused")
                .register(registry);
        FunctionCounter.builder("keycloak_pack.revocation.checks.stale", guard, g -> g.stats().checkedWhileStale())
                .description("Tokens checked while the revocation view was loading or stale").register(registry);
        Gauge.builder("keycloak_pack.revocation.view.entries", guard, g -> g.stats().revocationEntries())
                .description("Revocations held by the in-memory view").register(registry);
        Gauge.builder("keycloak_pack.revocation.view.ready", guard, g -> g.refusesAsStale() ? 0 : 1)
                .description("1 while the view is loaded and confirmed by Redis (or failing open)").register(registry);
    }
}
