package io.keycloakpack.apikey.rest;

import io.keycloakpack.support.provider.RestResources;
import io.keycloakpack.support.provider.PackProviderFactory;
import com.google.auto.service.AutoService;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;

/** Mounts the admins' API-key endpoints at {@code /admin/realms/{realm}/api-keys}. */
@AutoService(AdminRealmResourceProviderFactory.class)
public final class AdminApiKeyResourceProviderFactory extends PackProviderFactory implements AdminRealmResourceProviderFactory {

    public static final String PROVIDER_ID = "api-keys";

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return RestResources.admin(AdminApiKeyResource::new);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
