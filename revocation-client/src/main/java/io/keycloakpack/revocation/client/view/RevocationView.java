package io.keycloakpack.revocation.client.view;

import com.nimbusds.jwt.JWTClaimsSet;
import io.keycloakpack.contract.ApiKeyClaims;
import io.keycloakpack.contract.RevocationSchema;
import io.keycloakpack.contract.RevocationSchema.Kind;
import java.time.Clock;
import java.util.Date;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The revocation state of one realm, in memory, as {@code revocation-listener} writes it to Redis: revoked token
 * ids and not-before times for users, sessions, clients, API keys and the realm. Checking a token is a handful of
 * look-ups in primitive arrays ({@link RevocationTable}), no I/O, no allocation. Fed by {@link RedisRevocationFeed}
 * (one writer); entries leave when their Redis keys would expire.
 */
public final class RevocationView {

    /** The realm's own not-before has no id: it is kept under the empty one. */
    static final String REALM_ID = "";

    private final Clock clock;
    private final AtomicReferenceArray<RevocationTable> byKind = new AtomicReferenceArray<>(Kind.values().length);

    public RevocationView(Clock clock) {
        this.clock = clock;
        for (Kind kind : Kind.values()) {
            byKind.set(kind.ordinal(), new RevocationTable());
        }
    }

    /** Whether the token the claims belong to is revoked now. */
    public boolean isRevoked(JWTClaimsSet claims) {
        long now = clock.instant().getEpochSecond();
        if (claims.getJWTID() != null
                && live(table(Kind.TOKEN).get(RevocationSchema.tokenDigest(claims.getJWTID())), now) != 0) {
            return true;
        }
        Date issued = claims.getIssueTime();
        long issuedAt = issued == null ? Long.MIN_VALUE : issued.getTime() / 1000;
        return issuedBefore(Kind.REALM, REALM_ID, issuedAt, now)
                || issuedBefore(Kind.USER, claims.getSubject(), issuedAt, now)
                || issuedBefore(Kind.SESSION, stringClaim(claims, "sid"), issuedAt, now)
                || issuedBefore(Kind.CLIENT, stringClaim(claims, "azp"), issuedAt, now)
                || issuedBefore(Kind.API_KEY, stringClaim(claims, ApiKeyClaims.API_KEY_ID_CLAIM), issuedAt, now);
    }

    /** Applies one revocation; {@code id} of a token is already its digest, as in the schema. */
    public void apply(Kind kind, String id, long notBefore, long expiresAt) {
        table(kind).put(idOrRealm(id), notBefore, expiresAt);
    }

    /** Replaces everything, after a full reload from Redis, kind by kind; kinds not loaded become empty. */
    void replaceAll(Map<Kind, RevocationTable> loaded) {
        for (Kind kind : Kind.values()) {
            byKind.set(kind.ordinal(), loaded.getOrDefault(kind, new RevocationTable()));
        }
    }

    /** Empty tables to load into, one per kind, for {@link #replaceAll}. */
    static Map<Kind, RevocationTable> emptyTables() {
        Map<Kind, RevocationTable> tables = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            tables.put(kind, new RevocationTable());
        }
        return tables;
    }

    /** Drops entries whose tokens have all expired. */
    public void evictExpired() {
        long now = clock.instant().getEpochSecond();
        for (Kind kind : Kind.values()) {
            table(kind).evictExpired(now);
        }
    }

    public int size() {
        int size = 0;
        for (Kind kind : Kind.values()) {
            size += table(kind).size();
        }
        return size;
    }

    static String idOrRealm(String id) {
        return id == null ? REALM_ID : id;
    }

    private RevocationTable table(Kind kind) {
        return byKind.get(kind.ordinal());
    }

    private boolean issuedBefore(Kind kind, String id, long issuedAt, long now) {
        if (id == null) {
            return false;
        }
        long entry = live(table(kind).get(id), now);
        return entry != 0 && issuedAt < RevocationTable.notBefore(entry);
    }

    private static long live(long packed, long now) {
        return packed != 0 && RevocationTable.expiresAt(packed) > now ? packed : 0;
    }

    private static String stringClaim(JWTClaimsSet claims, String name) {
        Object value = claims.getClaim(name);
        return value instanceof String text ? text : null;
    }
}
