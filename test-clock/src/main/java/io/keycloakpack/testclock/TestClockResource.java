package io.keycloakpack.testclock;

import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RoleModel;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

/** Sets Keycloak's time offset, for a master-realm admin only (it is still never deployed outside tests). */
@Produces(MediaType.APPLICATION_JSON)
public final class TestClockResource {

    private final KeycloakSession session;

    TestClockResource(KeycloakSession session) {
        this.session = session;
    }

    /** On a sub-path: RESTEasy Reactive only finds sub-resource classes that carry a {@code @Path} somewhere. */
    @PUT
    @Path("offset")
    public Map<String, Object> setOffset(@QueryParam("offsetSeconds") int offsetSeconds) {
        requireMasterAdmin();
        Time.setOffset(offsetSeconds);
        return Map.of("offsetSeconds", Time.getOffset(), "now", Time.currentTime());
    }

    private void requireMasterAdmin() {
        if (!"master".equals(session.getContext().getRealm().getName())) {
            throw new ForbiddenException("Only in the master realm");
        }
        AuthResult auth = new AppAuthManager.BearerTokenAuthenticator(session).authenticate();
        if (auth == null) {
            throw new NotAuthorizedException("Bearer");
        }
        RoleModel admin = session.getContext().getRealm().getRole("admin");
        if (admin == null || !auth.user().hasRole(admin)) {
            throw new ForbiddenException("Only a master-realm admin");
        }
    }
}
