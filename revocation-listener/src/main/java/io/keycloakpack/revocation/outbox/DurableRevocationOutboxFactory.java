package io.keycloakpack.revocation.outbox;

import io.keycloakpack.support.provider.StartupTasks;
import io.keycloakpack.support.provider.PackProviderFactory;
import com.google.auto.service.AutoService;
import io.keycloakpack.contract.PackInfo;
import io.keycloakpack.contract.redis.RedisEndpoint;
import io.keycloakpack.revocation.model.TokenLifespanCache;
import io.keycloakpack.revocation.redis.RedisRevocationPublisher;
import io.keycloakpack.revocation.redis.RevocationPublisher;
import io.micrometer.core.instrument.Metrics;
import java.net.URI;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.PostMigrationEvent;

/**
 * Owns what lives as long as the server: the Redis client, the drainer thread and the lifespan cache. Its options
 * are the revocation listener's, where operators have always set them
 * ({@code --spi-events-listener--keycloak-pack-revocation--redis-url} and {@code …--retry-seconds}).
 */
@AutoService(RevocationOutboxProviderFactory.class)
public final class DurableRevocationOutboxFactory extends PackProviderFactory implements RevocationOutboxProviderFactory {

    public static final String PROVIDER_ID = "default";
    /** Where the options live: the revocation listener's scope ({@code eventsListener} is that SPI's name). */
    public static final String OPTIONS_SPI = "eventsListener";
    public static final String OPTIONS_PROVIDER = "keycloak-pack-revocation";
    public static final String REDIS_URL = "redis-url";
    public static final String RETRY_SECONDS = "retry-seconds";
    public static final String DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";
    public static final int DEFAULT_RETRY_SECONDS = 5;

    private static final Logger LOG = Logger.getLogger(DurableRevocationOutboxFactory.class);

    private RedisEndpoint redis;
    private int retrySeconds;
    private RevocationPublisher publisher;
    private OutboxDrainer drainer;
    private TokenLifespanCache lifespans;

    @Override
    public RevocationOutbox create(KeycloakSession session) {
        return new DurableRevocationOutbox(session, drainer, lifespans);
    }

    @Override
    public void init(Config.Scope ownScope) {
        Config.Scope options = Config.scope(OPTIONS_SPI, OPTIONS_PROVIDER);
        String url = options.get(REDIS_URL, DEFAULT_REDIS_URL);
        try {
            redis = RedisEndpoint.of(URI.create(url));
        } catch (IllegalArgumentException e) {
            // The message names what is wrong; the URL itself is not logged, it may hold a password.
            LOG.errorf("Option '%s' is unusable (%s); using '%s'", REDIS_URL, e.getMessage(), DEFAULT_REDIS_URL);
            redis = RedisEndpoint.of(URI.create(DEFAULT_REDIS_URL));
        }
        retrySeconds = Math.max(1, options.getInt(RETRY_SECONDS, DEFAULT_RETRY_SECONDS));
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        publisher = new RedisRevocationPublisher(redis);
        lifespans = new TokenLifespanCache(factory);
        drainer = new OutboxDrainer(OutboxBatches.in(factory), publisher, new RevocationMetrics(Metrics.globalRegistry), retrySeconds);
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                StartupTasks.runOrDisable(LOG, "draining the revocation outbox", drainer::start);
            }
        });
        LOG.infof("Revocations are published to Redis %s (outbox retried every %d s)", redis.describe(),
                retrySeconds);
    }

    @Override
    public void close() {
        if (drainer != null) {
            drainer.close();
        }
        if (publisher != null) {
            publisher.close();
        }
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of("keycloak-pack-version", PackInfo.version(DurableRevocationOutboxFactory.class),
                "redis", redis.describe());
    }
}
