package io.keycloakpack.revocation.listener;

import io.keycloakpack.support.provider.PackProviderFactory;
import com.google.auto.service.AutoService;
import io.keycloakpack.revocation.outbox.DurableRevocationOutboxFactory;
import io.keycloakpack.revocation.outbox.RevocationOutbox;
import java.util.List;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * Registers the revocation listener. Its options ({@code --spi-events-listener--keycloak-pack-revocation--<option>}:
 * {@value DurableRevocationOutboxFactory#REDIS_URL} and {@value DurableRevocationOutboxFactory#RETRY_SECONDS}) are
 * declared here, where operators look for them, and read by the outbox that holds the Redis client.
 */
@AutoService(EventListenerProviderFactory.class)
public final class RedisRevocationListenerFactory extends PackProviderFactory implements EventListenerProviderFactory {

    public static final String PROVIDER_ID = DurableRevocationOutboxFactory.OPTIONS_PROVIDER;

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new RedisRevocationListener(session, session.getProvider(RevocationOutbox.class));
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(DurableRevocationOutboxFactory.REDIS_URL).type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(DurableRevocationOutboxFactory.DEFAULT_REDIS_URL)
                .helpText("Redis to publish revocations to: redis://[user:password@]host:port[/db], "
                        + "redis-sentinel://[user:password@]host:port,host:port/master, "
                        + "redis-cluster://[user:password@]host:port,host:port; rediss… for TLS").add()
                .property().name(DurableRevocationOutboxFactory.RETRY_SECONDS).type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(DurableRevocationOutboxFactory.DEFAULT_RETRY_SECONDS)
                .helpText("How often revocations still in the outbox (Redis was down) are retried").add()
                .build();
    }
}
