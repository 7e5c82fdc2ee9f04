package io.keycloakpack.signals;

import static org.assertj.core.api.Assertions.assertThat;

import io.keycloakpack.contract.ApiKeyEvents;
import io.keycloakpack.contract.EmergencyRevocationAudit;
import io.keycloakpack.contract.RefreshFamilyEvents;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;
import org.keycloak.ssf.event.InitiatingEntity;
import org.keycloak.ssf.event.caep.CaepCredentialChange.ChangeType;

class PackSignalsTest {

    @Test
    void aFamilyEndedByTheRotationPolicyIsASessionRevokedByPolicy() {
        Event familyEnded = event(EventType.LOGOUT, Map.of("reason", RefreshFamilyEvents.FAMILY_ENDED_REASON));

        assertThat(PackSignals.sessionRevokedReason(familyEnded)).contains(PackSignals.FAMILY_ENDED);
        assertThat(PackSignals.endedByPolicy(familyEnded)).isTrue();
    }

    @Test
    void aPlainLogoutIsLeftToKeycloaksOwnMapping() {
        assertThat(PackSignals.sessionRevokedReason(event(EventType.LOGOUT, Map.of()))).isEmpty();
    }

    @Test
    void revokingARefreshTokenEndsItsSessionButRevokingAnAccessTokenSignalsNothing() {
        assertThat(PackSignals.sessionRevokedReason(event(EventType.REVOKE_GRANT,
                Map.of("refresh_token_id", "rt-1", "refresh_token_type", "Refresh")))).contains(
                PackSignals.CLIENT_REVOKED);
        assertThat(PackSignals.sessionRevokedReason(event(EventType.REVOKE_GRANT, Map.of("token_id", "at-1"))))
                .isEmpty();
    }

    @Test
    void aReusedRefreshTokenWithoutThePolicyRevokesTheSessionWithThePolicyItsLogoutDoes() {
        assertThat(PackSignals.sessionRevokedReason(event(EventType.REFRESH_TOKEN_ERROR,
                Map.of("reason", "Maximum allowed refresh token reuse exceeded")))).contains(PackSignals.REUSE_REFUSED);
        assertThat(PackSignals.sessionRevokedReason(event(EventType.REFRESH_TOKEN_ERROR,
                Map.of("reason", "Maximum allowed refresh token reuse exceeded", RefreshFamilyEvents.DETAIL_POLICY,
                        RefreshFamilyEvents.POLICY_ENDS_FAMILIES)))).isEmpty();
        assertThat(PackSignals.sessionRevokedReason(event(EventType.REFRESH_TOKEN_ERROR,
                Map.of("reason", "Stale token")))).contains(PackSignals.REUSE_REFUSED);
        assertThat(PackSignals.sessionRevokedReason(event(EventType.REFRESH_TOKEN_ERROR,
                Map.of("reason", "Token is not active")))).isEmpty();
    }

    @Test
    void aRefusedRefreshNamesItsUserOnlyAsTheRefreshTokensSubject() {
        Event refused = event(EventType.REFRESH_TOKEN_ERROR, Map.of("reason", "Maximum allowed refresh token reuse "
                + "exceeded", "refresh_token_sub", "u7"));
        refused.setUserId(null);

        assertThat(PackSignals.sessionRevokedReason(refused)).contains(PackSignals.REUSE_REFUSED);
        assertThat(PackSignals.userOf(refused)).contains("u7");
        assertThat(PackSignals.withUser(refused, "u7").getUserId()).isEqualTo("u7");
        assertThat(refused.getUserId()).as("the event every other listener sees is left as it was").isNull();
    }

    @Test
    void anEventWithoutSessionHasNoSessionToSignal() {
        Event noSession = event(EventType.REVOKE_GRANT, Map.of("refresh_token_id", "rt-1"));
        noSession.setSessionId(null);

        assertThat(PackSignals.sessionRevokedReason(noSession)).isEmpty();
    }

    @Test
    void aKeyRevokedByAnAdministratorOrASecretScannerSaysSoTheOwnersOwnRevocationDoesNot() {
        assertThat(PackSignals.apiKeyRevoker(event(EventType.REMOVE_CREDENTIAL, Map.of(ApiKeyEvents.DETAIL_REVOKED_BY,
                ApiKeyEvents.REVOKED_BY_ADMIN)))).contains(InitiatingEntity.ADMIN);
        assertThat(PackSignals.apiKeyRevoker(event(EventType.REMOVE_CREDENTIAL, Map.of(ApiKeyEvents.DETAIL_LEAK_URL,
                "https://github.com/x/y/blob/main/.env")))).contains(InitiatingEntity.SYSTEM);
        assertThat(PackSignals.apiKeyRevoker(keyEvent(EventType.REMOVE_CREDENTIAL, ApiKeyEvents.ACTION_REVOKE)))
                .isEmpty();
    }

    @Test
    void apiKeysAreCreatedRotatedAndRevokedButNeverChangedByUse() {
        assertThat(PackSignals.apiKeyChange(keyEvent(EventType.UPDATE_CREDENTIAL, ApiKeyEvents.ACTION_CREATE)))
                .contains(ChangeType.CREATE);
        assertThat(PackSignals.apiKeyChange(keyEvent(EventType.UPDATE_CREDENTIAL, ApiKeyEvents.ACTION_ROTATE)))
                .contains(ChangeType.UPDATE);
        assertThat(PackSignals.apiKeyChange(keyEvent(EventType.REMOVE_CREDENTIAL, ApiKeyEvents.ACTION_REVOKE)))
                .contains(ChangeType.REVOKE);
        assertThat(PackSignals.apiKeyChange(keyEvent(EventType.UPDATE_CREDENTIAL, ApiKeyEvents.ACTION_USE)))
                .isEmpty();
        assertThat(PackSignals.apiKeyChange(event(EventType.UPDATE_CREDENTIAL, Map.of("credential_type",
                "password")))).isEmpty();
    }

    @Test
    void emergencyRevocationsNameTheUserAndEitherOneOrAllOfItsSessions() {
        assertThat(PackSignals.emergencyRevocation(EmergencyRevocationAudit.userPath("u1"))).hasValueSatisfying(
                logout -> {
                    assertThat(logout.getUserId()).isEqualTo("u1");
                    assertThat(logout.getSessionId()).isEqualTo(PackSignals.ALL_SESSIONS);
                });
        assertThat(PackSignals.emergencyRevocation(EmergencyRevocationAudit.sessionPath("u1", "s1")))
                .hasValueSatisfying(logout -> assertThat(logout.getSessionId()).isEqualTo("s1"));
        assertThat(PackSignals.emergencyRevocation("users/u1/logout")).isEmpty();
        assertThat(PackSignals.emergencyRevocation(null)).isEmpty();
    }

    private static Event keyEvent(EventType type, String action) {
        return event(type, Map.of("credential_type", ApiKeyEvents.CREDENTIAL_TYPE, ApiKeyEvents.DETAIL_ACTION, action,
                ApiKeyEvents.DETAIL_KEY_ID, "k1"));
    }

    private static Event event(EventType type, Map<String, String> details) {
        Event event = new Event();
        event.setType(type);
        event.setUserId("u1");
        event.setSessionId("s1");
        event.setDetails(details);
        return event;
    }
}
