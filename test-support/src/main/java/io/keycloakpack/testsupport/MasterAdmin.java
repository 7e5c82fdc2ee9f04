package io.keycloakpack.testsupport;

import io.keycloakpack.support.compat.BearerCaller;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAuthorizedException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;

/** The test endpoints answer a master-realm admin only (they are still never deployed outside tests). */
final class MasterAdmin {

    private MasterAdmin() {
    }

    static void require(KeycloakSession session) {
        RealmModel master = session.realms().getRealmByName("master");
        RealmModel current = session.getContext().getRealm();
        session.getContext().setRealm(master);
        try {
            BearerCaller auth = BearerCaller.authenticate(session, master)
                    .orElseThrow(() -> new NotAuthorizedException("Bearer"));
            RoleModel admin = master.getRole("admin");
            if (admin == null || !auth.user().hasRole(admin)) {
                throw new ForbiddenException("Only a master-realm admin");
            }
        } finally {
            session.getContext().setRealm(current);
        }
    }
}
