package io.keycloakpack.signals;

import io.keycloakpack.contract.ApiKeyEvents;
import io.keycloakpack.contract.EmergencyRevocationAudit;
import io.keycloakpack.contract.RefreshFamilyEvents;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;
import org.keycloak.ssf.event.InitiatingEntity;
import org.keycloak.ssf.event.caep.CaepCredentialChange.ChangeType;

/**
 * Which of the pack's revocations Shared Signals receivers hear of, and as what. Pure: the mapper builds the tokens.
 * Keycloak's transmitter already signals a plain logout ({@code session-revoked}) and a password or OTP change
 * ({@code credential-change}); these are the cases it misses or names wrongly. The table in the module README is
 * this class in words.
 */
final class PackSignals {

    /** The session id Keycloak's own transmitter gives when every session of a user ended. */
    static final String ALL_SESSIONS = "ALL";

    static final String FAMILY_ENDED = "Refresh token replayed after rotation: the token family is ended";
    static final String REUSE_REFUSED = "Refresh token replayed: the session is revoked";
    static final String CLIENT_REVOKED = "Refresh token revoked by its client (RFC 7009)";
    static final String EMERGENCY = "Emergency revocation by an administrator";

    private PackSignals() {
    }

    /** Why the event's session ended, when it is one of the endings the pack signals as {@code session-revoked}. */
    static Optional<String> sessionRevokedReason(Event event) {
        if (event.getSessionId() == null) {
            return Optional.empty();
        }
        Map<String, String> details = detailsOf(event);
        return Optional.ofNullable(switch (event.getType()) {
            case LOGOUT -> endsFamily(event) ? FAMILY_ENDED : null;
            case REVOKE_GRANT -> details.containsKey(Details.REFRESH_TOKEN_ID) ? CLIENT_REVOKED : null;
            case REFRESH_TOKEN_ERROR -> RefreshFamilyEvents.isReuseLeftToListeners(details) ? REUSE_REFUSED : null;
            default -> null;
        });
    }

    /**
     * The user of the event: Keycloak leaves it out of a refused refresh's event and names it, if at all, as the
     * refresh token's subject; empty when the event does not say.
     */
    static Optional<String> userOf(Event event) {
        return Optional.ofNullable(event.getUserId() != null ? event.getUserId()
                : detailsOf(event).get(Details.REFRESH_TOKEN_SUB));
    }

    /** The event as Keycloak's transmitter builds a SET from it: with its user named. */
    static Event withUser(Event event, String userId) {
        if (userId.equals(event.getUserId())) {
            return event;
        }
        Event named = event.clone();
        named.setUserId(userId);
        return named;
    }

    /** Who revoked a key when it was not its owner: an administrator, or a secret-scanning report. */
    static Optional<InitiatingEntity> apiKeyRevoker(Event event) {
        Map<String, String> details = detailsOf(event);
        if (details.containsKey(ApiKeyEvents.DETAIL_LEAK_URL)) {
            return Optional.of(InitiatingEntity.SYSTEM);
        }
        return ApiKeyEvents.REVOKED_BY_ADMIN.equals(details.get(ApiKeyEvents.DETAIL_REVOKED_BY))
                ? Optional.of(InitiatingEntity.ADMIN) : Optional.empty();
    }

    /** A session ended by a rule (reuse of a refresh token) rather than by anyone's request. */
    static boolean endedByPolicy(Event event) {
        return endsFamily(event) || event.getType() == EventType.REFRESH_TOKEN_ERROR;
    }

    static boolean isApiKeyEvent(Event event) {
        return ApiKeyEvents.CREDENTIAL_TYPE.equals(detailsOf(event).get(Details.CREDENTIAL_TYPE));
    }

    /** What a key's lifecycle event changed; empty for what changes nothing (a key used to get a token). */
    static Optional<ChangeType> apiKeyChange(Event event) {
        if (!isApiKeyEvent(event)) {
            return Optional.empty();
        }
        return Optional.ofNullable(switch (detailsOf(event).getOrDefault(ApiKeyEvents.DETAIL_ACTION, "")) {
            case ApiKeyEvents.ACTION_CREATE -> ChangeType.CREATE;
            case ApiKeyEvents.ACTION_ROTATE -> ChangeType.UPDATE;
            case ApiKeyEvents.ACTION_REVOKE -> ChangeType.REVOKE;
            default -> null;
        });
    }

    /**
     * The sessions an emergency revocation ended, as the logout event Keycloak's transmitter builds its
     * {@code session-revoked} from, when the admin event's path names them.
     */
    static Optional<Event> emergencyRevocation(String resourcePath) {
        if (resourcePath == null) {
            return Optional.empty();
        }
        Matcher user = EmergencyRevocationAudit.USER_REVOKED.matcher(resourcePath);
        if (user.matches()) {
            return Optional.of(logout(user.group(1), ALL_SESSIONS));
        }
        Matcher session = EmergencyRevocationAudit.SESSION_REVOKED.matcher(resourcePath);
        return session.matches() ? Optional.of(logout(session.group(1), session.group(2))) : Optional.empty();
    }

    private static boolean endsFamily(Event event) {
        return event.getType() == EventType.LOGOUT
                && RefreshFamilyEvents.FAMILY_ENDED_REASON.equals(detailsOf(event).get(Details.REASON));
    }

    private static Event logout(String userId, String sessionId) {
        Event event = new Event();
        event.setType(EventType.LOGOUT);
        event.setUserId(userId);
        event.setSessionId(sessionId);
        event.setDetails(new HashMap<>(Map.of(Details.REASON, "emergency_revocation")));
        return event;
    }

    private static Map<String, String> detailsOf(Event event) {
        return event.getDetails() == null ? Map.of() : event.getDetails();
    }
}
