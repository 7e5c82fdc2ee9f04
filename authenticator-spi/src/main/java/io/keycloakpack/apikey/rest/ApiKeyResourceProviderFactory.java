package io.keycloakpack.apikey.rest;

import io.keycloakpack.support.provider.RestResources;
import io.keycloakpack.support.provider.PackProviderFactory;
import com.google.auto.service.AutoService;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/** Mounts the owners' API-key endpoints at {@code /realms/{realm}/api-keys}. */
@AutoService(RealmResourceProviderFactory.class)
public final class ApiKeyResourceProviderFactory extends PackProviderFactory implements RealmResourceProviderFactory {

    public static final String PROVIDER_ID = "api-keys";

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return RestResources.realm(session, ApiKeyResource::new);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
