package io.keycloakpack.revocation.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The listener's meters in Keycloak's Micrometer registry, shown on the management port's {@code /metrics} when
 * metrics are enabled: {@code keycloak_pack_revocations_published_total}, {@code keycloak_pack_redis_errors_total}
 * and {@code keycloak_pack_revocation_outbox_depth}.
 */
public final class RevocationMetrics {

    private final Counter published;
    private final Counter redisErrors;
    private final AtomicLong outboxDepth = new AtomicLong();

    public RevocationMetrics(MeterRegistry registry) {
        published = Counter.builder("keycloak.pack.revocations.published")
                .description("Revocations written to Redis").register(registry);
        redisErrors = Counter.builder("keycloak.pack.redis.errors")
                .description("Failed attempts to write revocations to Redis").register(registry);
        Gauge.builder("keycloak.pack.revocation.outbox.depth", outboxDepth, AtomicLong::get)
                .description("Revocations waiting in the outbox for Redis").register(registry);
    }

    void published(int count) {
        published.increment(count);
    }

    void redisError() {
        redisErrors.increment();
    }

    void outboxDepth(long depth) {
        outboxDepth.set(depth);
    }
}
