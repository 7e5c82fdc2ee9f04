package io.keycloakpack.apikey.lifecycle;

import io.keycloakpack.contract.ApiKeyEvents;
import java.util.Map;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Records a key's life as ordinary Keycloak user events (shown under Realm settings → Events, and delivered to
 * event listeners such as the pack's revocation listener): create and rotate as {@code UPDATE_CREDENTIAL},
 * revoke as {@code REMOVE_CREDENTIAL}, with the key id and action as details (a rotation also names the key it
 * replaces).
 */
final class ApiKeyEventRecorder {

    private ApiKeyEventRecorder() {
    }

    static void record(KeycloakSession session, RealmModel realm, ClientModel client, UserModel owner, String action,
            String keyId, Map<String, String> details) {
        EventType type = ApiKeyEvents.ACTION_REVOKE.equals(action) ? EventType.REMOVE_CREDENTIAL
                : EventType.UPDATE_CREDENTIAL;
        EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection()).event(type)
                .user(owner)
                .detail("credential_type", ApiKeyEvents.CREDENTIAL_TYPE)
                .detail(ApiKeyEvents.DETAIL_KEY_ID, keyId)
                .detail(ApiKeyEvents.DETAIL_ACTION, action);
        details.forEach(event::detail);
        if (client != null) {
            event.client(client);
        }
        event.success();
    }
}
