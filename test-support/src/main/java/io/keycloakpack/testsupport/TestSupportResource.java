package io.keycloakpack.testsupport;

import jakarta.ws.rs.Path;
import org.keycloak.models.KeycloakSession;

/** The test endpoints, each on a sub-path (RESTEasy Reactive finds sub-resources only through a {@code @Path}). */
public final class TestSupportResource {

    private final KeycloakSession session;

    TestSupportResource(KeycloakSession session) {
        this.session = session;
    }

    @Path("clock")
    public TestClockResource clock() {
        return new TestClockResource(session);
    }

    @Path("api-keys")
    public ApiKeySeedResource apiKeys() {
        return new ApiKeySeedResource(session);
    }
}
