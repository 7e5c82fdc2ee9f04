package io.keycloakpack.support.provider;

import org.jboss.logging.Logger;
import org.keycloak.common.Version;

/**
 * Start-up work of the pack's providers. A failure there (a Keycloak version without a method the pack calls, a
 * database that refuses a write) turns one feature off with one log line naming the version and the feature; it
 * never escapes into Keycloak's start, which would take the whole server down.
 */
public final class StartupTasks {

    private StartupTasks() {
    }

    public static void runOrDisable(Logger log, String feature, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | LinkageError e) {
            log.errorf(e, "keycloak-pack on Keycloak %s: %s is OFF (%s); the rest of the pack keeps working",
                    Version.VERSION, feature, e);
        }
    }
}
