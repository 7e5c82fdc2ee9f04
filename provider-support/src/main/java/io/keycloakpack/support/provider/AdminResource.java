package io.keycloakpack.support.provider;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** An admin REST resource of the pack, per request: what Keycloak hands an admin REST extension. */
public abstract class AdminResource {

    protected final KeycloakSession session;
    protected final RealmModel realm;
    /** Keycloak's admin permissions, fine-grained where enabled: every endpoint checks them first. */
    protected final AdminPermissionEvaluator auth;
    protected final AdminEventBuilder adminEvent;

    protected AdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
            AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }
}
