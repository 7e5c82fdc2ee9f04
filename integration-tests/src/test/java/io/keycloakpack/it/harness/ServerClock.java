package io.keycloakpack.it.harness;

import java.time.Duration;

/**
 * Moves Keycloak's clock through the test-only {@code test-support} provider (Keycloak's time offset), so that
 * tests can live through months of token lifetimes and key rotations in seconds.
 */
public final class ServerClock {

    private final PackEnvironment environment;

    public ServerClock(PackEnvironment environment) {
        this.environment = environment;
    }

    /** Sets how far Keycloak's clock runs ahead of the real one. */
    public void setAhead(Duration offset) {
        AdminApi admin = environment.admin();
        admin.forgetToken();
        HttpJson.Reply reply = environment.http().send("PUT", environment.keycloak().baseUrl()
                + "/realms/master/test-support/clock/offset?offsetSeconds=" + offset.toSeconds(), admin.token(), null);
        if (reply.status() != 200) {
            throw new AssertionError("Could not move Keycloak's clock: " + reply);
        }
        admin.forgetToken();
    }

    public void reset() {
        setAhead(Duration.ZERO);
    }
}
