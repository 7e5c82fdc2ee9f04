package io.keycloakpack.apikey.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * This node's copies of the keys it recently exchanged, so that an exchange costs no database query (Keycloak's
 * client-credentials grant reads its client from Keycloak's cache too).
 *
 * <p>A copy is used only while the key's <em>change stamp</em> is the one it was read under. Every change to a key
 * ({@link #changed}) writes a new stamp to Keycloak's single-use store, which is replicated to every node of the
 * cluster and applied after the database commit: a node that reads the stamp first and the row second can only
 * pair a row with a stamp at least as old as the row (the row is read in a transaction of its own, so even under
 * REPEATABLE READ it is no older than the stamp), so no node trusts a copy older than the key's last change once
 * that change has committed. Copies also expire after {@code maxAge}, well before a stamp expires from the store,
 * so that an expired stamp cannot make an older copy look current, and so that a stamp lost with a node (a split
 * cluster, a node of an older version) costs at most that long. A realm's removal stamps the realm; an owner's
 * removal, a revocation, a rotation and an imported key stamp the key.
 */
public final class CachedApiKeys {

    /** Longest a copy may live: its stamp must outlive it. */
    public static final Duration MAX_AGE_LIMIT = Duration.ofHours(1);
    private static final long STAMP_LIFESPAN_SECONDS = MAX_AGE_LIMIT.multipliedBy(2).toSeconds();
    private static final String STAMP_PREFIX = "kcpack-api-key-stamp:";
    private static final String STAMP_NOTE = "stamp";

    private record Copy(ApiKeyEntity key, String stamp, long readAtMillis) {
    }

    private final ConcurrentMap<String, Copy> copies = new ConcurrentHashMap<>();
    private final int maxCopies;
    private final long maxAgeMillis;
    private final Counter fromCopy;
    private final Counter fromDatabase;

    /**
     * {@code maxCopies} 0 turns the cache off: every exchange reads the database in the request's transaction, and
     * no stamp is read (without copies there is nothing a stamp could retire). Lookups are counted in
     * {@code registry} as {@code keycloak_pack_api_key_lookups_total{from="node-copy"|"database"}}.
     */
    public CachedApiKeys(int maxCopies, Duration maxAge, MeterRegistry registry) {
        if (maxAge.compareTo(MAX_AGE_LIMIT) > 0) {
            throw new IllegalArgumentException("A cached key may live at most " + MAX_AGE_LIMIT);
        }
        this.maxCopies = maxCopies;
        this.maxAgeMillis = maxAge.toMillis();
        this.fromCopy = lookups(registry, "node-copy");
        this.fromDatabase = lookups(registry, "database");
    }

    private static Counter lookups(MeterRegistry registry, String from) {
        return Counter.builder("keycloak.pack.api.key.lookups").tag("from", from)
                .description("API-key lookups at the exchange, by where the key was found").register(registry);
    }

    /**
     * The key with this public id as the database last had it, detached: only its last-use time may be set on it
     * ({@link ApiKeyStore#markUsed}), and nothing about it is written back.
     */
    public Optional<ApiKeyEntity> find(KeycloakSession session, RealmModel realm, String publicId) {
        if (maxCopies == 0) {
            fromDatabase.increment();
            return new ApiKeyStore(session).findByPublicId(realm, publicId).map(ApiKeyEntity::detachedCopy);
        }
        String name = keyName(realm.getId(), publicId);
        String stamp = stampOf(session, realm.getId(), name);
        long now = System.currentTimeMillis();
        Copy copy = copies.get(name);
        if (copy != null && now - copy.readAtMillis() < maxAgeMillis && Objects.equals(copy.stamp(), stamp)) {
            fromCopy.increment();
            return Optional.of(copy.key());
        }
        fromDatabase.increment();
        Optional<ApiKeyEntity> stored = readCommitted(session, realm.getId(), publicId);
        if (stored.isPresent()) {
            if (copies.size() >= maxCopies) {
                // Crude, but bounded and cheap; a full cache costs one query per key until it fills again.
                copies.clear();
            }
            copies.put(name, new Copy(stored.get(), stamp, now));
        } else {
            copies.remove(name);
        }
        return stored;
    }

    /**
     * The row as committed now, read in a transaction of its own: under REPEATABLE READ (MySQL's and MariaDB's
     * default) the request's own transaction may hold a snapshot older than the stamp just read.
     */
    private static Optional<ApiKeyEntity> readCommitted(KeycloakSession session, String realmId, String publicId) {
        return KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(),
                own -> new ApiKeyStore(own).findByPublicId(realmId, publicId).map(ApiKeyEntity::detachedCopy));
    }

    /** In the transaction that changes the key: once it commits, no node uses a copy from before. */
    public static void changed(KeycloakSession session, RealmModel realm, String publicId) {
        stamp(session, STAMP_PREFIX + keyName(realm.getId(), publicId));
    }

    /** A realm removed (and perhaps imported again under the same id): no copy of its keys is used any more. */
    static void realmChanged(KeycloakSession session, RealmModel realm) {
        stamp(session, STAMP_PREFIX + realm.getId());
    }

    /** The realm's stamp and the key's, read before the row (see the class comment). */
    private static String stampOf(KeycloakSession session, String realmId, String keyName) {
        Map<String, String> realmStamp = session.singleUseObjects().get(STAMP_PREFIX + realmId);
        Map<String, String> keyStamp = session.singleUseObjects().get(STAMP_PREFIX + keyName);
        return note(realmStamp) + "/" + note(keyStamp);
    }

    /** A key's name in this node's copies and, after the prefix, in the single-use store. */
    private static String keyName(String realmId, String publicId) {
        return realmId + ":" + publicId;
    }

    private static String note(Map<String, String> stamp) {
        return stamp == null ? "" : stamp.get(STAMP_NOTE);
    }

    private static void stamp(KeycloakSession session, String name) {
        session.singleUseObjects().put(name, STAMP_LIFESPAN_SECONDS,
                Map.of(STAMP_NOTE, KeycloakModelUtils.generateId()));
    }
}
