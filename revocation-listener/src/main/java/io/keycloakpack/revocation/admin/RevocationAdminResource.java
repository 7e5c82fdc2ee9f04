package io.keycloakpack.revocation.admin;

import io.keycloakpack.support.compat.RevokedTokens;
import io.keycloakpack.support.provider.AdminResource;
import io.keycloakpack.support.rest.JsonBody;
import io.keycloakpack.support.rest.JsonError;
import io.keycloakpack.contract.EmergencyRevocationAudit;
import io.keycloakpack.contract.RevocationSchema.Kind;
import io.keycloakpack.revocation.listener.RevocationRecorder;
import io.keycloakpack.revocation.model.Revocation;
import io.keycloakpack.revocation.outbox.RevocationOutbox;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.keycloak.common.util.Time;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/revocations}: the emergency brake. Revokes in Keycloak itself (sessions removed,
 * not-before set, the token id listed as revoked) and, through the outbox, in Redis for resource servers.
 */
@Produces(MediaType.APPLICATION_JSON)
public final class RevocationAdminResource extends AdminResource {

    /** What the outbox's TARGET_ID column holds. */
    private static final int MAX_ID_LENGTH = 255;
    /** No Keycloak token lives longer than a year; a revocation kept longer would only take room in Redis. */
    private static final Duration MAX_TOKEN_EXPIRY = Duration.ofDays(366);

    private final RevocationOutbox outbox;

    RevocationAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
            AdminEventBuilder adminEvent) {
        super(session, realm, auth, adminEvent);
        this.outbox = session.getProvider(RevocationOutbox.class);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response revoke(byte[] body) {
        RevocationRequest request = JsonBody.read(body, RevocationRequest.class);
        Kind kind = kindOf(request);
        long now = Time.currentTime();
        // Keycloak's not-before and Redis's agree: a token issued in the revocation's own second is revoked too.
        int notBefore = (int) now + 1;
        long expiresAt = outbox.untilEveryTokenExpired(realm);
        String sessionOwner = null;
        String id = switch (kind) {
            case USER -> revokeUser(request.id(), notBefore);
            case SESSION -> {
                sessionOwner = revokeSession(request.id());
                yield request.id();
            }
            case CLIENT -> revokeClient(request.id(), notBefore);
            case TOKEN -> {
                auth.users().requireManage();
                expiresAt = request.expiresAt() == null ? expiresAt : request.expiresAt();
                RevokedTokens.revoke(session, request.id(), expiresAt - now);
                yield request.id();
            }
            case API_KEY -> {
                auth.users().requireManage();
                yield request.id();
            }
            case REALM -> {
                auth.realm().requireManageRealm();
                realm.setNotBefore(notBefore);
                session.sessions().removeUserSessions(realm);
                yield null;
            }
        };
        Revocation revocation = outbox.record(new Revocation(realm.getName(), kind, id, notBefore, expiresAt));
        audit(kind, id, sessionOwner).representation(request).success();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("type", kind.name().toLowerCase(Locale.ROOT));
        if (id != null) {
            answer.put("id", id);
        }
        answer.put("notBefore", revocation.notBefore());
        answer.put("expiresAt", revocation.expiresAt());
        return Response.status(Response.Status.ACCEPTED).entity(answer).build();
    }

    /**
     * A user's or a known session's revocation is recorded under that user (as Keycloak records an admin's logout
     * of a user), so that the console shows it with the user and Shared Signals receivers learn whose it was.
     */
    private AdminEventBuilder audit(Kind kind, String id, String sessionOwner) {
        AdminEventBuilder event = adminEvent.operation(OperationType.ACTION);
        if (kind == Kind.USER) {
            return event.resource(ResourceType.USER).resourcePath(EmergencyRevocationAudit.userPath(id));
        }
        if (kind == Kind.SESSION && sessionOwner != null) {
            return event.resource(ResourceType.USER)
                    .resourcePath(EmergencyRevocationAudit.sessionPath(sessionOwner, id));
        }
        return event.resource(ResourceType.REALM).resourcePath(session.getContext().getUri());
    }

    /** For the admin page: is Redis reachable, and how many revocations wait in the outbox. */
    @GET
    @Path("status")
    public Map<String, Object> status() {
        auth.realm().requireViewRealm();
        return Map.of("redisReachable", outbox.isRedisReachable(), "outboxDepth", outbox.depth());
    }

    /** Every session of the user goes, offline ones too: an emergency leaves no refresh token working. */
    private String revokeUser(String userId, int notBefore) {
        UserModel user = found(session.users().getUserById(realm, userId), "user", auth.users()::requireManage);
        auth.users().requireManage(user);
        session.users().setNotBeforeForUser(realm, user, notBefore);
        session.sessions().removeUserSessions(realm, user);
        session.sessions().getOfflineUserSessionsStream(realm, user).toList()
                .forEach(offline -> session.sessions().removeOfflineUserSession(realm, offline));
        return user.getId();
    }

    /**
     * Ends the session in Keycloak, online and offline (an offline session shares its login's id); returns its
     * user's id, for the audit, or null for a session Keycloak no longer has.
     */
    private String revokeSession(String sessionId) {
        UserSessionModel online = session.sessions().getUserSession(realm, sessionId);
        UserSessionModel offline = session.sessions().getOfflineUserSession(realm, sessionId);
        UserModel owner = online != null ? online.getUser() : offline != null ? offline.getUser() : null;
        if (owner == null) {
            auth.users().requireManage();
        } else {
            auth.users().requireManage(owner);
        }
        if (online != null) {
            session.sessions().removeUserSession(realm, online);
        }
        if (offline != null) {
            session.sessions().removeOfflineUserSession(realm, offline);
        }
        return owner == null ? null : owner.getId();
    }

    /** The client's tokens, and its service account's (the tokens its API keys minted name another client). */
    private String revokeClient(String clientId, int notBefore) {
        ClientModel client = found(realm.getClientByClientId(clientId), "client", auth.clients()::requireManage);
        auth.clients().requireManage(client);
        client.setNotBefore(notBefore);
        new RevocationRecorder(session, outbox).recordServiceAccountOf(realm, client.getId());
        return client.getClientId();
    }

    private static Kind kindOf(RevocationRequest request) {
        if (request == null || request.type() == null) {
            throw JsonError.badRequest(
                    "A JSON body with type (user, session, client, token, api_key, realm) is required");
        }
        Kind kind;
        try {
            kind = Kind.valueOf(request.type().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw JsonError.badRequest("Unknown type '" + request.type() + "': use user, session, client, token, "
                    + "api_key or realm");
        }
        if (kind != Kind.REALM && (request.id() == null || request.id().isBlank())) {
            throw JsonError.badRequest("id is required for type " + request.type());
        }
        if (request.id() != null && request.id().length() > MAX_ID_LENGTH) {
            throw JsonError.badRequest("id is longer than " + MAX_ID_LENGTH + " characters");
        }
        if (request.expiresAt() != null && kind == Kind.TOKEN) {
            long now = Time.currentTime();
            if (request.expiresAt() <= now || request.expiresAt() > now + MAX_TOKEN_EXPIRY.toSeconds()) {
                throw JsonError.badRequest("expiresAt must be in the future and within "
                        + MAX_TOKEN_EXPIRY.toDays() + " days");
            }
        }
        return kind;
    }
}
