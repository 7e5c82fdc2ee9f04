package io.keycloakpack.revocation.outbox;

import io.keycloakpack.contract.RevocationSchema.Kind;
import io.keycloakpack.revocation.model.Revocation;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.Provider;

/**
 * The pack's durable way to Redis, per session ({@code session.getProvider(RevocationOutbox.class)}): a revocation
 * recorded here is written to the outbox in the session's transaction and published to Redis once that transaction
 * has committed. The listener, the emergency endpoint and the status tab all go through it.
 */
public interface RevocationOutbox extends Provider {

    /** Queues a revocation in the session's transaction; it is published after commit, or never if rolled back. */
    Revocation record(Revocation revocation);

    /**
     * Not-before revocation of {@code id} from the next second on, kept until every token of the realm issued so far
     * has expired. Tokens carry {@code iat} in whole seconds and are revoked when {@code iat < notBefore}, so that a
     * token issued in the same second as the revocation is revoked too; the price, a token issued in the rest of
     * that second (a fresh login) is refused for under a second.
     */
    Revocation fromNow(RealmModel realm, Kind kind, String id);

    /** The epoch second by which every token of the realm issued until now has expired. */
    long untilEveryTokenExpired(RealmModel realm);

    /** After a change to the realm's or its clients' token lifespans: compute the longest one anew. */
    void lifespansChanged(String realmId);

    /** Asks Redis now (PING), so a status page shows the present, not the last failure. */
    boolean isRedisReachable();

    /** Revocations waiting for Redis. */
    long depth();
}
