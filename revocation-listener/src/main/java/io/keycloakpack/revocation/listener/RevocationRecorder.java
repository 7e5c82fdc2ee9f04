package io.keycloakpack.revocation.listener;

import io.keycloakpack.contract.RevocationSchema.Kind;
import io.keycloakpack.revocation.model.Revocation;
import io.keycloakpack.revocation.model.TokenLifespans;
import io.keycloakpack.revocation.outbox.Outbox;
import io.keycloakpack.revocation.outbox.OutboxDrainer;
import org.keycloak.common.util.Time;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Records a revocation in the outbox, inside the caller's transaction, and asks for it to be published once that
 * transaction has committed: a rolled-back change revokes nothing, a committed one is never lost.
 */
public final class RevocationRecorder {

    private final KeycloakSession session;
    private final OutboxDrainer drainer;
    private boolean drainEnlisted;

    public RevocationRecorder(KeycloakSession session, OutboxDrainer drainer) {
        this.session = session;
        this.drainer = drainer;
    }

    /** Not-before revocation of {@code target} from now on, kept as long as any token of the realm can live. */
    public Revocation record(RealmModel realm, RevocationRules.Target target) {
        String id = target.kind() == Kind.CLIENT ? clientIdOf(realm, target.id()) : target.id();
        return record(revocationFromNow(realm, target.kind(), id));
    }

    /**
     * Tokens carry {@code iat} in whole seconds and are revoked when {@code iat < notBefore}; the not-before is
     * therefore the second after now, so that a token issued in the same second as the revocation is revoked too.
     * The price: a token issued in the rest of that second (a fresh login) is refused for under a second.
     */
    public static Revocation revocationFromNow(RealmModel realm, Kind kind, String id) {
        long now = Time.currentTime();
        return new Revocation(realm.getName(), kind, id, now + 1, now + TokenLifespans.longestSeconds(realm) + 1);
    }

    public Revocation record(Revocation revocation) {
        new Outbox(session).add(revocation);
        if (!drainEnlisted) {
            drainEnlisted = true;
            session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
                @Override
                protected void commitImpl() {
                    drainer.drainSoon();
                }

                @Override
                protected void rollbackImpl() {
                    // The outbox rows went with the transaction: nothing to publish.
                }
            });
        }
        return revocation;
    }

    /** Resource servers see {@code azp} (the clientId); admin events name the client by UUID. */
    private static String clientIdOf(RealmModel realm, String clientUuidOrId) {
        ClientModel client = realm.getClientById(clientUuidOrId);
        return client == null ? clientUuidOrId : client.getClientId();
    }
}
