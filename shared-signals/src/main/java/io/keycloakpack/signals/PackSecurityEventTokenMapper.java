package io.keycloakpack.signals;

import io.keycloakpack.contract.ApiKeyEvents;
import io.keycloakpack.contract.EmergencyRevocationAudit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.keycloak.events.Event;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.ssf.event.InitiatingEntity;
import org.keycloak.ssf.event.caep.CaepCredentialChange;
import org.keycloak.ssf.event.caep.CaepEvent;
import org.keycloak.ssf.event.token.SsfSecurityEventToken;
import org.keycloak.ssf.transmitter.SsfTransmitterConfig;
import org.keycloak.ssf.transmitter.event.SecurityEventTokenMapper;
import org.keycloak.ssf.transmitter.stream.StreamConfig;

/**
 * Keycloak's event-to-SET mapping, with the pack's revocations added (see {@link PackSignals}). Per request, as the
 * transmitter creates it.
 */
final class PackSecurityEventTokenMapper extends SecurityEventTokenMapper {

    /** Besides Keycloak's {@code kc_credential_*}: the key a rotation replaced, which stays usable for its grace. */
    static final String REPLACES_ATTRIBUTE = ApiKeyEvents.DETAIL_REPLACES;

    PackSecurityEventTokenMapper(KeycloakSession session, SsfTransmitterConfig config,
            Function<KeycloakSession, String> issuer) {
        super(session, config, issuer);
    }

    @Override
    public boolean canConvert(Event event) {
        if (event == null) {
            return false;
        }
        if (PackSignals.isApiKeyEvent(event)) {
            return PackSignals.apiKeyChange(event).isPresent();
        }
        return PackSignals.sessionRevokedReason(event).isPresent() || super.canConvert(event);
    }

    @Override
    public SsfSecurityEventToken toSecurityEventToken(Event event, AdminEvent adminEvent, StreamConfig stream) {
        Optional<String> revoked = PackSignals.sessionRevokedReason(event);
        if (revoked.isPresent()) {
            return userOf(event).map(userId -> generateSessionRevokedEvent(PackSignals.withUser(event, userId),
                    adminEvent, stream, revoked.get())).orElse(null);
        }
        if (PackSignals.isApiKeyEvent(event)) {
            return PackSignals.apiKeyChange(event).map(change -> generateCredentialChangeEvent(event, adminEvent,
                    stream, change, ApiKeyEvents.CREDENTIAL_TYPE)).orElse(null);
        }
        return super.toSecurityEventToken(event, adminEvent, stream);
    }

    @Override
    protected List<Pattern> supportedAdminPathPatters() {
        List<Pattern> patterns = new ArrayList<>(super.supportedAdminPathPatters());
        patterns.add(EmergencyRevocationAudit.USER_REVOKED);
        patterns.add(EmergencyRevocationAudit.SESSION_REVOKED);
        return patterns;
    }

    @Override
    public SsfSecurityEventToken toSecurityEventToken(AdminEvent adminEvent, StreamConfig stream) {
        return PackSignals.emergencyRevocation(adminEvent.getResourcePath())
                .map(ended -> generateSessionRevokedEvent(ended, adminEvent, stream, PackSignals.EMERGENCY))
                .orElseGet(() -> super.toSecurityEventToken(adminEvent, stream));
    }

    @Override
    protected void applyInitiatingEntity(Event userEvent, AdminEvent adminEvent, CaepEvent caepEvent) {
        if (adminEvent == null && userEvent != null && PackSignals.endedByPolicy(userEvent)) {
            caepEvent.setInitiatingEntity(InitiatingEntity.POLICY);
            return;
        }
        Optional<InitiatingEntity> revoker = userEvent == null ? Optional.empty()
                : PackSignals.apiKeyRevoker(userEvent);
        if (revoker.isPresent()) {
            caepEvent.setInitiatingEntity(revoker.get());
            return;
        }
        super.applyInitiatingEntity(userEvent, adminEvent, caepEvent);
    }

    /** The event's user, or else the user of its session (a token without {@code sub} names no one). */
    private Optional<String> userOf(Event event) {
        return PackSignals.userOf(event).or(() -> {
            RealmModel realm = session.getContext().getRealm();
            UserSessionModel userSession = realm == null ? null
                    : session.sessions().getUserSession(realm, event.getSessionId());
            return userSession == null || userSession.getUser() == null ? Optional.empty()
                    : Optional.of(userSession.getUser().getId());
        });
    }

    /** A key is named by its public id (the one its owner sees in the console), never by a secret. */
    @Override
    protected void applyCustomAttributes(Event userEvent, AdminEvent adminEvent, CaepCredentialChange change) {
        super.applyCustomAttributes(userEvent, adminEvent, change);
        if (userEvent == null || !PackSignals.isApiKeyEvent(userEvent)) {
            return;
        }
        Map<String, String> details = userEvent.getDetails();
        change.setAttributeValue(KC_CREDENTIAL_ID, details.get(ApiKeyEvents.DETAIL_KEY_ID));
        if (details.containsKey(ApiKeyEvents.DETAIL_REPLACES)) {
            change.setAttributeValue(REPLACES_ATTRIBUTE, details.get(ApiKeyEvents.DETAIL_REPLACES));
        }
    }
}
