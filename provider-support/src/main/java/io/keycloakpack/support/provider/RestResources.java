package io.keycloakpack.support.provider;

import java.util.function.Function;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** The providers of the pack's REST extensions: each makes its resource per request and holds nothing. */
public final class RestResources {

    /** Makes an admin resource from what Keycloak hands an admin REST extension. */
    @FunctionalInterface
    public interface AdminResourceMaker {
        Object make(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
                AdminEventBuilder adminEvent);
    }

    private RestResources() {
    }

    public static AdminRealmResourceProvider admin(AdminResourceMaker maker) {
        return new AdminRealmResourceProvider() {
            @Override
            public Object getResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
                    AdminEventBuilder adminEvent) {
                return maker.make(session, realm, auth, adminEvent);
            }

            @Override
            public void close() {
                // Per request; nothing held.
            }
        };
    }

    public static RealmResourceProvider realm(KeycloakSession session, Function<KeycloakSession, Object> maker) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return maker.apply(session);
            }

            @Override
            public void close() {
                // Per request; nothing held.
            }
        };
    }
}
