package io.keycloakpack.revocation.admin;

import com.google.auto.service.AutoService;
import io.keycloakpack.contract.PackInfo;
import io.keycloakpack.revocation.listener.RedisRevocationListenerFactory;
import java.util.Map;
import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** Mounts the emergency revocation endpoint at {@code /admin/realms/{realm}/revocations}. */
@AutoService(AdminRealmResourceProviderFactory.class)
public final class RevocationAdminResourceProviderFactory implements AdminRealmResourceProviderFactory,
        ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "revocations";

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return new AdminRealmResourceProvider() {
            @Override
            public Object getResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
                    AdminEventBuilder adminEvent) {
                RedisRevocationListenerFactory listener = (RedisRevocationListenerFactory) session
                        .getKeycloakSessionFactory().getProviderFactory(EventListenerProvider.class,
                                RedisRevocationListenerFactory.PROVIDER_ID);
                return new RevocationAdminResource(session, realm, auth, adminEvent, listener.drainer(),
                        listener.recorder(session));
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void init(Config.Scope config) {
        // Options live on the listener factory.
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
        return PackInfo.operationalInfo(RevocationAdminResourceProviderFactory.class);
    }
}
