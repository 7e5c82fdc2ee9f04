package io.keycloakpack.revocation.outbox;

import io.keycloakpack.contract.RevocationSchema.Kind;
import io.keycloakpack.revocation.model.Revocation;
import io.keycloakpack.revocation.model.TokenLifespanCache;
import java.util.HashSet;
import java.util.Set;
import org.keycloak.common.util.Time;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The outbox of one session: rows written through the session's own JPA transaction (one per target, however many
 * of its events name it), one drain asked for after it commits. Runs no query in that transaction (a query would
 * flush the caller's pending changes early); the realm's longest token lifetime comes from a cache filled in a
 * transaction of its own.
 */
final class DurableRevocationOutbox implements RevocationOutbox {

    private final KeycloakSession session;
    private final OutboxDrainer drainer;
    private final TokenLifespanCache lifespans;
    private boolean drainEnlisted;
    /** What this transaction already revoked: one request may raise several events naming the same target. */
    private final Set<String> recorded = new HashSet<>();

    DurableRevocationOutbox(KeycloakSession session, OutboxDrainer drainer, TokenLifespanCache lifespans) {
        this.session = session;
        this.drainer = drainer;
        this.lifespans = lifespans;
    }

    @Override
    public Revocation record(Revocation revocation) {
        String target = revocation.realm() + "/" + revocation.kind().code() + "/" + revocation.id();
        if (recorded.contains(target)) {
            return revocation;
        }
        new Outbox(session).add(revocation);
        recorded.add(target);
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

    @Override
    public Revocation fromNow(RealmModel realm, Kind kind, String id) {
        return new Revocation(realm.getName(), kind, id, Time.currentTime() + 1, untilEveryTokenExpired(realm));
    }

    @Override
    public long untilEveryTokenExpired(RealmModel realm) {
        return Time.currentTime() + lifespans.longestSeconds(realm) + 1;
    }

    @Override
    public void lifespansChanged(String realmId) {
        lifespans.forget(realmId);
    }

    @Override
    public boolean isRedisReachable() {
        return drainer.isRedisReachable();
    }

    @Override
    public long depth() {
        return new Outbox(session).depth();
    }

    @Override
    public void close() {
        // Per session; what lives longer belongs to the factory.
    }
}
