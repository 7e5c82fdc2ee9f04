package io.keycloakpack.revocation.listener;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import io.keycloakpack.revocation.outbox.RevocationOutbox;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.util.JsonSerialization;

/**
 * Turns the events of one request into revocations; per session, holding only the session's recorder. It observes
 * and never decides: nothing it does may change the outcome of the request, so its own failures are logged, not
 * thrown.
 */
public final class RedisRevocationListener implements EventListenerProvider {

    private static final Logger LOG = Logger.getLogger(RedisRevocationListener.class);

    private final KeycloakSession session;
    private final RevocationOutbox outbox;
    private final RevocationRecorder recorder;

    RedisRevocationListener(KeycloakSession session, RevocationOutbox outbox) {
        this.session = session;
        this.outbox = outbox;
        this.recorder = new RevocationRecorder(session, outbox);
    }

    @Override
    public void onEvent(Event event) {
        RevocationRules.forEvent(event).ifPresent(target -> record(event.getRealmId(), target));
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        if (RevocationRules.changesLifespans(event)) {
            outbox.lifespansChanged(event.getRealmId());
        }
        RevocationRules.forAdminEvent(event, representation(event))
                .ifPresent(target -> record(event.getRealmId(), target));
    }

    private void record(String realmId, RevocationRules.Target target) {
        try {
            RealmModel realm = session.realms().getRealm(realmId);
            if (realm != null) {
                var revocation = recorder.record(realm, target);
                LOG.debugf("Revocation of %s '%s' in realm '%s' queued", revocation.kind(), revocation.id(),
                        realm.getName());
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "Revocation of %s '%s' in realm id '%s' could not be recorded: %s", target.kind(),
                    target.id(), realmId, e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> representation(AdminEvent event) {
        String json = event.getRepresentation();
        if (json == null || json.isBlank() || !json.trim().startsWith("{")) {
            return Map.of();
        }
        try {
            return Optional.ofNullable(JsonSerialization.readValue(json, Map.class)).orElse(Map.of());
        } catch (IOException unreadable) {
            return Map.of();
        }
    }

    @Override
    public void close() {
        // Nothing held: the recorder's work is enlisted in the session's transaction.
    }
}
