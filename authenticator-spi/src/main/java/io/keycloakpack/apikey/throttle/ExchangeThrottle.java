package io.keycloakpack.apikey.throttle;

import io.keycloakpack.apikey.policy.ApiKeyPolicy;
import java.util.Map;
import java.util.OptionalLong;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * Throttles guessing at the API-key grant: wrong secrets count against the key id presented (known or not, so the
 * lock is no oracle) and against the caller's address, never against the key's owner, whose interactive login is
 * none of a stranger's business. A locked address is refused outright; a locked key id only has its wrong secrets
 * answered as throttled, since its right secret must keep working whoever guesses at it. Counts live in Keycloak's
 * cluster-wide single-use store, so every node sees them; a count is read and written back without a lock, so
 * concurrent failures may be counted a little low.
 */
public final class ExchangeThrottle {

    private static final String PREFIX = "kcpack-api-key-failures:";

    private final SingleUseObjectProvider store;
    private final String realmId;
    private final ApiKeyPolicy policy;

    public ExchangeThrottle(KeycloakSession session, RealmModel realm, ApiKeyPolicy policy) {
        this.store = session.singleUseObjects();
        this.realmId = realm.getId();
        this.policy = policy;
    }

    /** Epoch second until which exchanges from this address are refused; empty if they are not. */
    public OptionalLong sourceLockedUntil(String source) {
        return lockedUntil(sourceKey(source));
    }

    /** Epoch second until which wrong secrets for this key id are answered as throttled; empty when they are not. */
    public OptionalLong keyLockedUntil(String keyId) {
        return lockedUntil(keyKey(keyId));
    }

    private OptionalLong lockedUntil(String key) {
        return lockOf(count(key), Time.currentTime());
    }

    private static OptionalLong lockOf(FailureCount count, long now) {
        return count.isLocked(now) ? OptionalLong.of(count.lockedUntil()) : OptionalLong.empty();
    }

    /**
     * Counts a wrong secret against the key id and the address; answers the key id's lock as it stood before this
     * failure (read once, since the count is read to be written back anyway).
     */
    public OptionalLong failed(String keyId, String source) {
        long now = Time.currentTime();
        FailureCount before = add(keyKey(keyId), now, policy.failuresPerKey());
        add(sourceKey(source), now, policy.failuresPerSource());
        return lockOf(before, now);
    }

    /**
     * The right secret: the key's count starts again (the address's does not, it may be guessing at others), unless
     * the key is locked: a lock stands until it lifts, so that the owner sees the guessing.
     */
    public void succeeded(String keyId) {
        Map<String, String> notes = store.get(keyKey(keyId));
        if (notes != null && !FailureCount.fromNotes(notes).isLocked(Time.currentTime())) {
            store.remove(keyKey(keyId));
        }
    }

    /** Adds a failure to the count under {@code key}; the count before it. */
    private FailureCount add(String key, long now, int threshold) {
        FailureCount before = count(key);
        FailureCount next = before.afterFailure(now, threshold);
        store.put(key, next.lifespanSeconds(now), next.notes());
        return before;
    }

    private FailureCount count(String key) {
        return FailureCount.fromNotes(store.get(key));
    }

    private String keyKey(String keyId) {
        return PREFIX + realmId + ":key:" + keyId;
    }

    private String sourceKey(String source) {
        return PREFIX + realmId + ":source:" + source;
    }
}
