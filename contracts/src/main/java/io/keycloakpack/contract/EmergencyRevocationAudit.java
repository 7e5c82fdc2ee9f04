package io.keycloakpack.contract;

import java.util.regex.Pattern;

/**
 * Where the admin events of the emergency revocation endpoint point when a user is concerned: under that user, as
 * Keycloak's own {@code users/{id}/logout} does, so that the console lists them with the user and the Shared Signals
 * transmitter can name the subject. Written by the revocation listener's admin resource, read by the shared-signals
 * module.
 */
public final class EmergencyRevocationAudit {

    /** {@code users/{userId}/revocation}: every session and token of the user revoked. */
    public static final Pattern USER_REVOKED = Pattern.compile("^users/([^/]+)/revocation$");

    /** {@code users/{userId}/sessions/{sessionId}/revocation}: one session of the user revoked. */
    public static final Pattern SESSION_REVOKED = Pattern.compile("^users/([^/]+)/sessions/([^/]+)/revocation$");

    private EmergencyRevocationAudit() {
    }

    public static String userPath(String userId) {
        return "users/" + userId + "/revocation";
    }

    public static String sessionPath(String userId, String sessionId) {
        return "users/" + userId + "/sessions/" + sessionId + "/revocation";
    }
}
