package io.keycloakpack.revocation.listener;

import com.google.auto.service.AutoService;
import io.keycloakpack.contract.PackInfo;
import java.util.Map;
import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/** Registers the listener that turns Keycloak events into revocations published through Redis. */
@AutoService(EventListenerProviderFactory.class)
public final class RedisRevocationListenerFactory implements EventListenerProviderFactory,
        ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "keycloak-pack-revocation";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new RedisRevocationListener();
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return PackInfo.operationalInfo(RedisRevocationListenerFactory.class);
    }
}
