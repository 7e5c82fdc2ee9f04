package io.keycloakpack.support.provider;

import io.keycloakpack.support.rest.JsonError;
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

    /**
     * {@code found}, or a 404 naming {@code what}; but the 404 only to who passes {@code mayKnowEvery} (a realm-wide
     * permission), whose 403 everyone else gets, so that nobody learns which ids exist by asking.
     */
    protected static <T> T found(T found, String what, Runnable mayKnowEvery) {
        if (found == null) {
            mayKnowEvery.run();
            throw JsonError.notFound(what);
        }
        return found;
    }
}
