package io.keycloakpack.revocation.listener;

import io.keycloakpack.contract.RevocationSchema.Kind;
import io.keycloakpack.revocation.model.Revocation;
import io.keycloakpack.revocation.model.TokenLifespanCache;
import io.keycloakpack.revocation.outbox.Outbox;
import io.keycloakpack.revocation.outbox.OutboxDrainer;
import java.util.Optional;
import org.keycloak.common.util.Time;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Records a revocation in the outbox, inside the caller's transaction, and asks for it to be published once that
 * transaction has committed: a rolled-back change revokes nothing, a committed one is never lost. Runs no query in
 * the caller's transaction (a query would flush the caller's pending changes early): lookups that need the
 * database run in transactions of their own.
 */
public final class RevocationRecorder {

    private final KeycloakSession session;
    private final OutboxDrainer drainer;
    private final TokenLifespanCache lifespans;
    private boolean drainEnlisted;

    public RevocationRecorder(KeycloakSession session, OutboxDrainer drainer, TokenLifespanCache lifespans) {
        this.session = session;
        this.drainer = drainer;
        this.lifespans = lifespans;
    }

    /**
     * Not-before revocation of {@code target} from now on, kept as long as any token of the realm can live. A
     * client's revocation also revokes its service account, whose tokens (those minted with its API keys among
     * them) need not name the client as {@code azp}.
     */
    public Revocation record(RealmModel realm, RevocationRules.Target target) {
        if (target.kind() != Kind.CLIENT) {
            return record(revocationFromNow(realm, target.kind(), target.id()));
        }
        ClientModel client = realm.getClientById(target.id());
        serviceAccountOf(realm, target.id())
                .ifPresent(userId -> record(revocationFromNow(realm, Kind.USER, userId)));
        return record(revocationFromNow(realm, Kind.CLIENT, client == null ? target.id() : client.getClientId()));
    }

    /**
     * Tokens carry {@code iat} in whole seconds and are revoked when {@code iat < notBefore}; the not-before is
     * therefore the second after now, so that a token issued in the same second as the revocation is revoked too.
     * The price: a token issued in the rest of that second (a fresh login) is refused for under a second.
     */
    public Revocation revocationFromNow(RealmModel realm, Kind kind, String id) {
        return new Revocation(realm.getName(), kind, id, Time.currentTime() + 1, untilEveryTokenExpired(realm));
    }

    /** The epoch second by which every token of the realm issued until now has expired. */
    public long untilEveryTokenExpired(RealmModel realm) {
        return Time.currentTime() + lifespans.longestSeconds(realm) + 1;
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

    private Optional<String> serviceAccountOf(RealmModel realm, String clientUuid) {
        String realmId = realm.getId();
        return Optional.ofNullable(KeycloakModelUtils.runJobInTransactionWithResult(
                session.getKeycloakSessionFactory(), lookup -> {
                    RealmModel committed = lookup.realms().getRealm(realmId);
                    if (committed == null) {
                        return null;
                    }
                    lookup.getContext().setRealm(committed);
                    ClientModel client = committed.getClientById(clientUuid);
                    UserModel account = client == null || !client.isServiceAccountsEnabled() ? null
                            : lookup.users().getServiceAccount(client);
                    return account == null ? null : account.getId();
                }));
    }
}
