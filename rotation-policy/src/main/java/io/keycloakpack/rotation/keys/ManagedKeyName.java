package io.keycloakpack.rotation.keys;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Managed keys carry their schedule in their component name, {@code keycloak-pack-rs256@2026-12-26T04:00:00Z}:
 * visible in the admin console's key list, exported with the realm, and needing no state of its own.
 */
final class ManagedKeyName {

    static final String PREFIX = "keycloak-pack-rs256@";

    private ManagedKeyName() {
    }

    static String of(long activeFrom) {
        return PREFIX + Instant.ofEpochSecond(activeFrom);
    }

    /** The activation time a managed key's name holds; {@code null} for any other name. */
    static Long activeFrom(String name) {
        if (name == null || !name.startsWith(PREFIX)) {
            return null;
        }
        try {
            return Instant.parse(name.substring(PREFIX.length())).getEpochSecond();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
