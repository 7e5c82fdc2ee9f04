package io.keycloakpack.support.provider;

import io.keycloakpack.contract.PackInfo;
import java.util.Map;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/**
 * What the pack's provider factories share: no server options and nothing held unless a factory says otherwise
 * (it overrides {@link #init}, {@link #postInit}, {@link #close}), and the pack version on the admin console's
 * provider page. A factory extends this and implements its SPI's factory interface.
 */
public abstract class PackProviderFactory implements ServerInfoAwareProviderFactory {

    public void init(Config.Scope config) {
        // No server options.
    }

    public void postInit(KeycloakSessionFactory factory) {
        // Nothing to prepare.
    }

    public void close() {
        // Nothing held.
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return PackInfo.operationalInfo(getClass());
    }
}
