package io.keycloakpack.revocation.admin;

import io.keycloakpack.support.provider.RestResources;
import io.keycloakpack.support.provider.PackProviderFactory;
import com.google.auto.service.AutoService;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;

/** Mounts the emergency revocation endpoint at {@code /admin/realms/{realm}/revocations}. */
@AutoService(AdminRealmResourceProviderFactory.class)
public final class RevocationAdminResourceProviderFactory extends PackProviderFactory implements AdminRealmResourceProviderFactory {

    public static final String PROVIDER_ID = "revocations";

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return RestResources.admin(RevocationAdminResource::new);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
