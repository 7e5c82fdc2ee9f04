package io.keycloakpack.revocation.listener;

import io.keycloakpack.contract.RevocationSchema.Kind;
import io.keycloakpack.revocation.model.Revocation;
import io.keycloakpack.revocation.outbox.RevocationOutbox;
import java.util.Optional;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Turns a rule's target into the revocations it means and records them in the session's outbox. Runs no query in
 * the caller's transaction (a query would flush the caller's pending changes early): a client's service account is
 * looked up in a transaction of its own.
 */
public final class RevocationRecorder {

    private final KeycloakSession session;
    private final RevocationOutbox outbox;

    public RevocationRecorder(KeycloakSession session, RevocationOutbox outbox) {
        this.session = session;
        this.outbox = outbox;
    }

    /**
     * Not-before revocation of {@code target} from now on, kept as long as any token of the realm can live. A
     * client's revocation also revokes its service account, whose tokens (those minted with its API keys among
     * them) need not name the client as {@code azp}.
     */
    public Revocation record(RealmModel realm, RevocationRules.Target target) {
        if (target.kind() != Kind.CLIENT) {
            return outbox.record(outbox.fromNow(realm, target.kind(), target.id()));
        }
        ClientModel client = realm.getClientById(target.id());
        recordServiceAccountOf(realm, target.id());
        return outbox.record(outbox.fromNow(realm, Kind.CLIENT, client == null ? target.id() : client.getClientId()));
    }

    /** Revokes the service account of a client (by its UUID), if it has one: every token it holds, keys' too. */
    public void recordServiceAccountOf(RealmModel realm, String clientUuid) {
        serviceAccountOf(realm, clientUuid)
                .ifPresent(userId -> outbox.record(outbox.fromNow(realm, Kind.USER, userId)));
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
