package io.keycloakpack.apikey.rest;

import com.google.auto.service.AutoService;
import io.keycloakpack.contract.PackInfo;
import java.util.Map;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/** Mounts the owners' API-key endpoints at {@code /realms/{realm}/api-keys}. */
@AutoService(RealmResourceProviderFactory.class)
public final class ApiKeyResourceProviderFactory implements RealmResourceProviderFactory,
        ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "api-keys";

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return new ApiKeyResource(session);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void init(Config.Scope config) {
        // No server options.
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // Nothing to prepare.
    }

    @Override
    public void close() {
        // Nothing held.
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return PackInfo.operationalInfo(ApiKeyResourceProviderFactory.class);
    }
}
