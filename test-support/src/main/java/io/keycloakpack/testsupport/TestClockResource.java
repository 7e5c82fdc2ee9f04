package io.keycloakpack.testsupport;

import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;

/** Sets Keycloak's time offset, for a master-realm admin only (it is still never deployed outside tests). */
@Produces(MediaType.APPLICATION_JSON)
public final class TestClockResource {

    private final KeycloakSession session;

    TestClockResource(KeycloakSession session) {
        this.session = session;
    }

    @PUT
    @Path("offset")
    public Map<String, Object> setOffset(@QueryParam("offsetSeconds") int offsetSeconds) {
        MasterAdmin.require(session);
        Time.setOffset(offsetSeconds);
        return Map.of("offsetSeconds", Time.getOffset(), "now", Time.currentTime());
    }
}
