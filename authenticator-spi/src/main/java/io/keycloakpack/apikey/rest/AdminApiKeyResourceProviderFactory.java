package io.keycloakpack.apikey.rest;

import com.google.auto.service.AutoService;
import io.keycloakpack.contract.PackInfo;
import java.util.Map;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** Mounts the admins' API-key endpoints at {@code /admin/realms/{realm}/api-keys}. */
@AutoService(AdminRealmResourceProviderFactory.class)
public final class AdminApiKeyResourceProviderFactory implements AdminRealmResourceProviderFactory,
        ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "api-keys";

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return new AdminRealmResourceProvider() {
            @Override
            public Object getResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
                    AdminEventBuilder adminEvent) {
                return new AdminApiKeyResource(session, realm, auth, adminEvent);
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
        return PackInfo.operationalInfo(AdminApiKeyResourceProviderFactory.class);
    }
}
