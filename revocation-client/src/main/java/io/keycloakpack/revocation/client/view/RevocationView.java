package io.keycloakpack.revocation.client.view;

import com.nimbusds.jwt.JWTClaimsSet;
import io.keycloakpack.contract.ApiKeyClaims;
import io.keycloakpack.contract.RevocationSchema;
import io.keycloakpack.contract.RevocationSchema.Kind;
import java.time.Clock;
import java.util.Date;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The revocation state of one realm, in memory, as {@code revocation-listener} writes it to Redis: revoked token
 * ids and not-before times for users, sessions, clients, API keys and the realm. Checking a token is a handful of
 * map look-ups, no I/O. Fed by {@link RedisRevocationFeed}; entries leave when their Redis keys would expire.
 */
public final class RevocationView {

    /** Epoch seconds: the not-before (0 for a revoked token id) and when the entry stops mattering. */
    record Entry(long notBefore, long expiresAt) {
    }

    private final Clock clock;
    /** One map per kind, keyed by the bare id, so that a check builds no key strings. */
    private final Map<Kind, Map<String, Entry>> byKind = new EnumMap<>(Kind.class);

    {
        for (Kind kind : Kind.values()) {
            byKind.put(kind, new ConcurrentHashMap<>());
        }
    }

    public RevocationView(Clock clock) {
        this.clock = clock;
    }

    /** Whether the token the claims belong to is revoked now. */
    public boolean isRevoked(JWTClaimsSet claims) {
        long now = clock.instant().getEpochSecond();
        if (claims.getJWTID() != null
                && live(byKind.get(Kind.TOKEN).get(RevocationSchema.tokenDigest(claims.getJWTID())), now) != null) {
            return true;
        }
        Date issued = claims.getIssueTime();
        long issuedAt = issued == null ? Long.MIN_VALUE : issued.getTime() / 1000;
        return issuedBefore(Kind.REALM, null, issuedAt, now)
                || issuedBefore(Kind.USER, claims.getSubject(), issuedAt, now)
                || issuedBefore(Kind.SESSION, stringClaim(claims, "sid"), issuedAt, now)
                || issuedBefore(Kind.CLIENT, stringClaim(claims, "azp"), issuedAt, now)
                || issuedBefore(Kind.API_KEY, stringClaim(claims, ApiKeyClaims.API_KEY_ID_CLAIM), issuedAt, now);
    }

    /** Applies one revocation; {@code id} of a token is already its digest, as in the schema. */
    public void apply(Kind kind, String id, long notBefore, long expiresAt) {
        byKind.get(kind).merge(idOrRealm(id), new Entry(notBefore, expiresAt), (old, fresh) ->
                new Entry(Math.max(old.notBefore(), fresh.notBefore()), Math.max(old.expiresAt(), fresh.expiresAt())));
    }

    /** Replaces everything, after a full reload from Redis; {@code loaded} is keyed by kind, then id. */
    public void replaceAll(Map<Kind, Map<String, Entry>> loaded) {
        for (Kind kind : Kind.values()) {
            Map<String, Entry> current = byKind.get(kind);
            Map<String, Entry> fresh = loaded.getOrDefault(kind, Map.of());
            current.keySet().retainAll(fresh.keySet());
            current.putAll(fresh);
        }
    }

    /** Drops entries whose tokens have all expired. */
    public void evictExpired() {
        long now = clock.instant().getEpochSecond();
        byKind.values().forEach(entries -> entries.values().removeIf(entry -> entry.expiresAt() <= now));
    }

    public int size() {
        return byKind.values().stream().mapToInt(Map::size).sum();
    }

    /** The realm's own not-before has no id: it is kept under the empty one. */
    static String idOrRealm(String id) {
        return id == null ? "" : id;
    }

    private boolean issuedBefore(Kind kind, String id, long issuedAt, long now) {
        if (id == null && kind != Kind.REALM) {
            return false;
        }
        Entry entry = live(byKind.get(kind).get(idOrRealm(id)), now);
        return entry != null && issuedAt < entry.notBefore();
    }

    private static Entry live(Entry entry, long now) {
        return entry != null && entry.expiresAt() > now ? entry : null;
    }

    private static String stringClaim(JWTClaimsSet claims, String name) {
        Object value = claims.getClaim(name);
        return value instanceof String text ? text : null;
    }
}
