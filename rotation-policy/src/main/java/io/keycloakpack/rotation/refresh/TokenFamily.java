package io.keycloakpack.rotation.refresh;

import io.keycloakpack.contract.RefreshFamilyEvents;
import org.jboss.logging.Logger;
import org.keycloak.common.ClientConnection;
import org.keycloak.common.util.Retry;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.representations.RefreshToken;

/**
 * The family of a presented refresh token: the user session it was issued in (online or offline), and with it
 * every refresh and access token descending from the same login.
 */
final class TokenFamily {

    /** The {@code reason} detail of the LOGOUT event that ends a family; the revocation listener acts on it. */
    static final String REUSE_REASON = RefreshFamilyEvents.FAMILY_ENDED_REASON;

    private static final Logger LOG = Logger.getLogger(TokenFamily.class);
    /** Attempts at ending a family whose transaction collides with a concurrent end of the same family. */
    private static final int END_ATTEMPTS = 3;
    private static final int END_BACKOFF_MILLIS = 25;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final RefreshToken token;
    private final String presented;

    private TokenFamily(KeycloakSession session, RealmModel realm, RefreshToken token, String presented) {
        this.session = session;
        this.realm = realm;
        this.token = token;
        this.presented = presented;
    }

    /**
     * The family named by a presented token, read without verifying it: it is used only to refuse early (an
     * unverified token can only get its own request refused), after Keycloak has verified it, or once
     * {@link #genuineFor} has.
     */
    static TokenFamily of(KeycloakSession session, RealmModel realm, String presented) {
        try {
            RefreshToken token = new JWSInput(presented).readJsonContent(RefreshToken.class);
            return token.getSessionId() == null ? null : new TokenFamily(session, realm, token, presented);
        } catch (JWSInputException | RuntimeException unreadable) {
            return null;
        }
    }

    /**
     * Whether the presented token is one this realm signed, for {@code client}: a forged token naming somebody's
     * session must never end it.
     */
    boolean genuineFor(ClientModel client) {
        RefreshToken verified = session.tokens().decode(presented, RefreshToken.class);
        return verified != null && client.getClientId().equals(verified.getIssuedFor())
                && token.getSessionId().equals(verified.getSessionId());
    }

    /**
     * Whether the presented token is being used in the second it was issued. Keycloak tells a replayed ancestor
     * from the newest token by the second each was issued in, so a chain refreshed within one second leaves its
     * older tokens looking current to it.
     */
    boolean usedInItsFirstSecond() {
        return token.getIat() != null && Time.currentTime() <= token.getIat();
    }

    /** Seconds until the presented token expires; {@code otherwise} for a token without expiry. */
    int secondsLeft(int otherwise) {
        Long exp = token.getExp();
        return exp == null || exp == 0 ? otherwise : (int) Math.max(1, exp - Time.currentTime());
    }

    /** Whether the family's session still exists (a revocation or logout removes it). */
    boolean alive() {
        return userSession() != null;
    }

    /** Whether the login the family started with is older than {@code seconds}. */
    boolean olderThan(int seconds) {
        UserSessionModel userSession = userSession();
        return userSession != null && Time.currentTime() - userSession.getStarted() > seconds;
    }

    /** Whether Keycloak cut this client out of the session, which it does on detecting a replayed token. */
    boolean detachedFrom(ClientModel client) {
        UserSessionModel userSession = userSession();
        return userSession != null && userSession.getAuthenticatedClientSessionByClient(client.getId()) == null;
    }

    /**
     * Ends the family: the user session goes, with every refresh token of every client in it, and a LOGOUT event
     * naming client, user and session tells the revocation listener to cut the access tokens off in Redis. Runs
     * in a transaction of its own once the refused refresh's transaction has ended, so that neither its rollback
     * nor its late writes to the same session can bring the session back.
     */
    void end(ClientModel client, ClientConnection connection) {
        String realmId = realm.getId();
        String clientId = client.getId();
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                endInOwnTransaction(factory, realmId, clientId, connection);
            }

            @Override
            protected void rollbackImpl() {
                endInOwnTransaction(factory, realmId, clientId, connection);
            }
        });
    }

    /**
     * Concurrent replays all end the same family, so their transactions may collide on the session's rows (the
     * database then rolls one back as a deadlock victim). Ending is idempotent: the loser tries again and finds the
     * session gone, or ends it itself.
     */
    private void endInOwnTransaction(KeycloakSessionFactory factory, String realmId, String clientId,
            ClientConnection connection) {
        Retry.executeWithBackoff(attempt -> KeycloakModelUtils.runJobInTransaction(factory, own -> {
            RealmModel ownRealm = own.realms().getRealm(realmId);
            own.getContext().setRealm(ownRealm);
            new TokenFamily(own, ownRealm, token, presented).endNow(ownRealm.getClientById(clientId), connection);
        }), (attempt, collided) -> LOG.debugf(collided, "Ending session '%s' collided with a concurrent end "
                + "(attempt %d of %d)", token.getSessionId(), attempt + 1, END_ATTEMPTS), END_ATTEMPTS,
                END_BACKOFF_MILLIS);
    }

    private void endNow(ClientModel client, ClientConnection connection) {
        UserSessionModel userSession = userSession();
        if (userSession == null) {
            return;
        }
        EventBuilder event = new EventBuilder(realm, session, connection).event(EventType.LOGOUT)
                .client(client).user(userSession.getUser()).session(userSession)
                .detail(Details.REASON, REUSE_REASON).detail(Details.REFRESH_TOKEN_ID, token.getId());
        UserSessionModel online = session.sessions().getUserSession(realm, token.getSessionId());
        UserSessionModel offline = session.sessions().getOfflineUserSession(realm, token.getSessionId());
        if (online != null) {
            session.sessions().removeUserSession(realm, online);
        }
        if (offline != null) {
            session.sessions().removeOfflineUserSession(realm, offline);
        }
        event.success();
        LOG.warnf("Refresh token replayed after rotation: realm '%s', client '%s', user '%s', session '%s'; "
                + "the session and all its tokens are revoked", realm.getName(), client.getClientId(),
                userSession.getUser().getId(), userSession.getId());
    }

    private UserSessionModel userSession() {
        UserSessionModel userSession = session.sessions().getUserSession(realm, token.getSessionId());
        return userSession != null ? userSession
                : session.sessions().getOfflineUserSession(realm, token.getSessionId());
    }
}
