package io.keycloakpack.revocation.listener;

import com.google.auto.service.AutoService;
import io.keycloakpack.contract.PackInfo;
import io.keycloakpack.contract.redis.RedisEndpoint;
import io.keycloakpack.revocation.model.TokenLifespanCache;
import io.keycloakpack.revocation.outbox.OutboxDrainer;
import io.keycloakpack.revocation.outbox.RevocationMetrics;
import io.micrometer.core.instrument.Metrics;
import io.keycloakpack.revocation.redis.RedisRevocationPublisher;
import io.keycloakpack.revocation.redis.RevocationPublisher;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/**
 * Registers the revocation listener and owns what lives as long as the server: the Redis client and the outbox
 * drainer thread. Options ({@code --spi-events-listener--keycloak-pack-revocation--<option>}):
 * {@value #REDIS_URL} and {@value #RETRY_SECONDS}.
 */
@AutoService(EventListenerProviderFactory.class)
public final class RedisRevocationListenerFactory implements EventListenerProviderFactory,
        ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "keycloak-pack-revocation";
    public static final String REDIS_URL = "redis-url";
    public static final String RETRY_SECONDS = "retry-seconds";
    static final String DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";
    static final int DEFAULT_RETRY_SECONDS = 5;

    private static final Logger LOG = Logger.getLogger(RedisRevocationListenerFactory.class);

    private RedisEndpoint redis;
    private int retrySeconds;
    private RevocationPublisher publisher;
    private OutboxDrainer drainer;
    private TokenLifespanCache lifespans;

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new RedisRevocationListener(session, recorder(session), lifespans);
    }

    /** A recorder for one session's revocations, for the admin endpoint that records them outside of events. */
    public RevocationRecorder recorder(KeycloakSession session) {
        return new RevocationRecorder(session, drainer, lifespans);
    }

    @Override
    public void init(Config.Scope config) {
        String url = config.get(REDIS_URL, DEFAULT_REDIS_URL);
        try {
            redis = RedisEndpoint.of(URI.create(url));
        } catch (IllegalArgumentException e) {
            // The message names what is wrong; the URL itself is not logged, it may hold a password.
            LOG.errorf("Option '%s' is unusable (%s); using '%s'", REDIS_URL, e.getMessage(), DEFAULT_REDIS_URL);
            redis = RedisEndpoint.of(URI.create(DEFAULT_REDIS_URL));
        }
        retrySeconds = Math.max(1, config.getInt(RETRY_SECONDS, DEFAULT_RETRY_SECONDS));
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        publisher = new RedisRevocationPublisher(redis);
        lifespans = new TokenLifespanCache(factory);
        drainer = new OutboxDrainer(factory, publisher, new RevocationMetrics(Metrics.globalRegistry), retrySeconds);
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                drainer.start();
            }
        });
        LOG.infof("Revocations are published to Redis %s (outbox retried every %d s)", redis.describe(),
                retrySeconds);
    }

    /** The drainer, for the admin endpoint that records revocations outside of events. */
    public OutboxDrainer drainer() {
        return drainer;
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
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(REDIS_URL).type(ProviderConfigProperty.STRING_TYPE).defaultValue(DEFAULT_REDIS_URL)
                .helpText("Redis to publish revocations to: redis://[user:password@]host:port[/db], "
                        + "redis-sentinel://[user:password@]host:port,host:port/master, "
                        + "redis-cluster://[user:password@]host:port,host:port; rediss… for TLS").add()
                .property().name(RETRY_SECONDS).type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(DEFAULT_RETRY_SECONDS)
                .helpText("How often revocations still in the outbox (Redis was down) are retried").add()
                .build();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of("keycloak-pack-version", PackInfo.version(RedisRevocationListenerFactory.class),
                "redis", redis.describe());
    }
}
