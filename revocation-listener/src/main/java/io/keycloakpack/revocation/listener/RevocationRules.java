package io.keycloakpack.revocation.listener;

import io.keycloakpack.contract.ApiKeyEvents;
import io.keycloakpack.contract.RefreshFamilyEvents;
import io.keycloakpack.contract.RevocationSchema.Kind;
import java.util.Map;
import java.util.Optional;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;

/**
 * Which Keycloak event revokes what. Pure: the listener resolves realm names and client ids and records the result.
 * The table in the module README is this class in words.
 */
public final class RevocationRules {

    /** What to revoke: a kind and the id it names (a client's UUID for {@link Kind#CLIENT}, resolved later). */
    public record Target(Kind kind, String id) {
    }

    private RevocationRules() {
    }

    public static Optional<Target> forEvent(Event event) {
        Map<String, String> details = event.getDetails() == null ? Map.of() : event.getDetails();
        return switch (event.getType()) {
            case LOGOUT -> event.getSessionId() != null ? target(Kind.SESSION, event.getSessionId())
                    : target(Kind.USER, event.getUserId());
            case RESET_PASSWORD, USER_DISABLED_BY_PERMANENT_LOCKOUT -> target(Kind.USER, event.getUserId());
            case UPDATE_CREDENTIAL -> "password".equals(details.get(Details.CREDENTIAL_TYPE))
                    ? target(Kind.USER, event.getUserId()) : Optional.empty();
            case REMOVE_CREDENTIAL -> ApiKeyEvents.ACTION_REVOKE.equals(details.get(ApiKeyEvents.DETAIL_ACTION))
                    ? target(Kind.API_KEY, details.get(ApiKeyEvents.DETAIL_KEY_ID))
                    : target(Kind.USER, event.getUserId());
            case REVOKE_GRANT -> details.get(Details.TOKEN_ID) != null ? target(Kind.TOKEN, details.get(Details.TOKEN_ID))
                    : target(Kind.SESSION, event.getSessionId());
            case REFRESH_TOKEN_ERROR -> RefreshFamilyEvents.isReuseLeftToListeners(details)
                    ? target(Kind.SESSION, event.getSessionId()) : Optional.empty();
            default -> Optional.empty();
        };
    }

    public static Optional<Target> forAdminEvent(AdminEvent event, Map<String, Object> representation) {
        String[] path = event.getResourcePath() == null ? new String[0] : event.getResourcePath().split("/");
        if (path.length == 0 || event.getResourceType() == null) {
            return Optional.empty();
        }
        OperationType operation = event.getOperationType();
        switch (event.getResourceType()) {
            case USER:
                if (path.length >= 2 && "users".equals(path[0]) && (operation == OperationType.DELETE
                        || (operation == OperationType.UPDATE && disables(representation))
                        || (path.length >= 3 && revokesUser(path[2])))) {
                    return target(Kind.USER, path[1]);
                }
                return Optional.empty();
            case USER_SESSION:
                return operation == OperationType.DELETE && path.length == 2 && "sessions".equals(path[0])
                        ? target(Kind.SESSION, path[1]) : Optional.empty();
            case CLIENT:
                if (path.length >= 2 && "clients".equals(path[0]) && ((operation == OperationType.UPDATE
                        && path.length == 2 && disables(representation))
                        || (operation == OperationType.ACTION && path.length == 3 && "client-secret".equals(path[2])))) {
                    return target(Kind.CLIENT, path[1]);
                }
                return Optional.empty();
            case REALM:
                return operation == OperationType.ACTION && "logout-all".equals(path[0])
                        ? Optional.of(new Target(Kind.REALM, null)) : Optional.empty();
            default:
                return Optional.empty();
        }
    }

    /** Whether an admin change may have changed how long the realm's tokens live (realm or client settings). */
    public static boolean changesLifespans(AdminEvent event) {
        return event.getResourceType() == ResourceType.REALM && event.getOperationType() == OperationType.UPDATE
                || event.getResourceType() == ResourceType.CLIENT && event.getOperationType() != OperationType.ACTION;
    }

    private static boolean revokesUser(String action) {
        return "logout".equals(action) || "reset-password".equals(action) || "credentials".equals(action);
    }

    private static boolean disables(Map<String, Object> representation) {
        return representation != null && Boolean.FALSE.equals(representation.get("enabled"));
    }

    private static Optional<Target> target(Kind kind, String id) {
        return id == null ? Optional.empty() : Optional.of(new Target(kind, id));
    }
}
