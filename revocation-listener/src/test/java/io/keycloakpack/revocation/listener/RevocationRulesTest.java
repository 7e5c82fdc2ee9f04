package io.keycloakpack.revocation.listener;

import static org.assertj.core.api.Assertions.assertThat;

import io.keycloakpack.contract.EmergencyRevocationAudit;
import io.keycloakpack.contract.RefreshFamilyEvents;
import io.keycloakpack.contract.RevocationSchema.Kind;
import io.keycloakpack.revocation.listener.RevocationRules.Target;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;

class RevocationRulesTest {

    @Test
    void logoutRevokesTheSession() {
        assertThat(RevocationRules.forEvent(event(EventType.LOGOUT, Map.of())))
                .contains(new Target(Kind.SESSION, "s1"));
    }

    @Test
    void passwordChangeRevokesTheUserButOtpSetupDoesNot() {
        assertThat(RevocationRules.forEvent(event(EventType.UPDATE_CREDENTIAL, Map.of("credential_type", "password"))))
                .contains(new Target(Kind.USER, "u1"));
        assertThat(RevocationRules.forEvent(event(EventType.UPDATE_CREDENTIAL, Map.of("credential_type", "otp"))))
                .isEmpty();
    }

    @Test
    void revokedApiKeyRevokesItsTokensAndOtherRemovedCredentialsTheUser() {
        assertThat(RevocationRules.forEvent(event(EventType.REMOVE_CREDENTIAL,
                Map.of("api_key_action", "revoke", "api_key_id", "k1")))).contains(new Target(Kind.API_KEY, "k1"));
        assertThat(RevocationRules.forEvent(event(EventType.REMOVE_CREDENTIAL, Map.of("credential_type", "otp"))))
                .contains(new Target(Kind.USER, "u1"));
    }

    @Test
    void tokenRevocationEndpointRevokesTheTokenIdOrTheSession() {
        assertThat(RevocationRules.forEvent(event(EventType.REVOKE_GRANT, Map.of("token_id", "jti-1"))))
                .contains(new Target(Kind.TOKEN, "jti-1"));
        assertThat(RevocationRules.forEvent(event(EventType.REVOKE_GRANT, Map.of("refresh_token_id", "r"))))
                .contains(new Target(Kind.SESSION, "s1"));
    }

    @Test
    void refreshTokenReuseRevokesTheFamilyOtherRefreshErrorsDoNot() {
        assertThat(RevocationRules.forEvent(event(EventType.REFRESH_TOKEN_ERROR,
                Map.of("reason", "Maximum allowed refresh token reuse exceeded"))))
                .contains(new Target(Kind.SESSION, "s1"));
        assertThat(RevocationRules.forEvent(event(EventType.REFRESH_TOKEN_ERROR, Map.of("reason", "Stale token"))))
                .as("an older token of the family replayed").contains(new Target(Kind.SESSION, "s1"));
        assertThat(RevocationRules.forEvent(event(EventType.REFRESH_TOKEN_ERROR, Map.of("reason", "Token expired"))))
                .isEmpty();
    }

    /** The policy's own LOGOUT (reason refresh_token_reuse) is the revocation: one per ended family, not two. */
    @Test
    void underTheRotationPolicyAReuseErrorLeavesTheRevocationToThePolicysLogout() {
        assertThat(RevocationRules.forEvent(event(EventType.REFRESH_TOKEN_ERROR, Map.of("reason",
                "Maximum allowed refresh token reuse exceeded", RefreshFamilyEvents.DETAIL_POLICY,
                RefreshFamilyEvents.POLICY_ENDS_FAMILIES)))).isEmpty();
        assertThat(RevocationRules.forEvent(event(EventType.LOGOUT, Map.of("reason",
                RefreshFamilyEvents.FAMILY_ENDED_REASON)))).contains(new Target(Kind.SESSION, "s1"));
    }

    @Test
    void ordinaryLoginRevokesNothing() {
        assertThat(RevocationRules.forEvent(event(EventType.LOGIN, Map.of()))).isEmpty();
    }

    @Test
    void adminEventsRevokeWhatTheyDisableDeleteOrSignOut() {
        assertThat(RevocationRules.forAdminEvent(admin(ResourceType.USER, OperationType.UPDATE, "users/u1"),
                Map.of("enabled", false))).contains(new Target(Kind.USER, "u1"));
        assertThat(RevocationRules.forAdminEvent(admin(ResourceType.USER, OperationType.UPDATE, "users/u1"),
                Map.of("firstName", "x"))).isEmpty();
        assertThat(RevocationRules.forAdminEvent(admin(ResourceType.USER, OperationType.DELETE, "users/u1"),
                Map.of())).contains(new Target(Kind.USER, "u1"));
        assertThat(RevocationRules.forAdminEvent(admin(ResourceType.USER, OperationType.ACTION, "users/u1/logout"),
                Map.of())).contains(new Target(Kind.USER, "u1"));
        assertThat(RevocationRules.forAdminEvent(admin(ResourceType.USER_SESSION, OperationType.DELETE,
                "sessions/s9"), Map.of())).contains(new Target(Kind.SESSION, "s9"));
        assertThat(RevocationRules.forAdminEvent(admin(ResourceType.CLIENT, OperationType.ACTION,
                "clients/c-uuid/client-secret"), Map.of())).contains(new Target(Kind.CLIENT, "c-uuid"));
        assertThat(RevocationRules.forAdminEvent(admin(ResourceType.CLIENT, OperationType.UPDATE, "clients/c-uuid"),
                Map.of("enabled", false))).contains(new Target(Kind.CLIENT, "c-uuid"));
        assertThat(RevocationRules.forAdminEvent(admin(ResourceType.REALM, OperationType.ACTION, "logout-all"),
                Map.of())).contains(new Target(Kind.REALM, null));
    }

    /** The endpoint has revoked already; its admin event, filed under the user, must not revoke a second time. */
    @Test
    void emergencyRevocationsOwnAdminEventsRevokeNothingMore() {
        assertThat(RevocationRules.forAdminEvent(admin(ResourceType.USER, OperationType.ACTION,
                EmergencyRevocationAudit.userPath("u1")), Map.of("type", "user", "id", "u1"))).isEmpty();
        assertThat(RevocationRules.forAdminEvent(admin(ResourceType.USER, OperationType.ACTION,
                EmergencyRevocationAudit.sessionPath("u1", "s1")), Map.of("type", "session", "id", "s1"))).isEmpty();
    }

    private static Event event(EventType type, Map<String, String> details) {
        Event event = new Event();
        event.setType(type);
        event.setUserId("u1");
        event.setSessionId("s1");
        event.setDetails(details);
        return event;
    }

    private static AdminEvent admin(ResourceType resource, OperationType operation, String path) {
        AdminEvent event = new AdminEvent();
        event.setResourceType(resource);
        event.setOperationType(operation);
        event.setResourcePath(path);
        return event;
    }
}
