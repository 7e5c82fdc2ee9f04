package io.keycloakpack.apikey.throttle;

import io.keycloakpack.apikey.policy.ApiKeyPolicy;
import java.util.OptionalLong;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * Throttles guessing at the API-key grant: wrong secrets count against the key id presented (known or not, so the
 * lock is no oracle) and against the caller's address, never against the key's owner, whose interactive login is
 * none of a stranger's business. Counts live in Keycloak's cluster-wide single-use store, so every node sees them;
 * a count is read and written back without a lock, so concurrent failures may be counted a little low.
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

    /** Epoch second until which exchanges of this key id, or from this address, are refused; empty if neither. */
    public OptionalLong lockedUntil(String keyId, String source) {
        long now = Time.currentTime();
        long until = Math.max(count(keyKey(keyId)).lockedUntil(), count(sourceKey(source)).lockedUntil());
        return until > now ? OptionalLong.of(until) : OptionalLong.empty();
    }

    /** Epoch second until which this key is locked, for its owner to see; empty when it is not. */
    public OptionalLong keyLockedUntil(String keyId) {
        FailureCount count = count(keyKey(keyId));
        return count.isLocked(Time.currentTime()) ? OptionalLong.of(count.lockedUntil()) : OptionalLong.empty();
    }

    public void failed(String keyId, String source) {
        long now = Time.currentTime();
        add(keyKey(keyId), now, policy.failuresPerKey());
        add(sourceKey(source), now, policy.failuresPerSource());
    }

    /** The right secret: the key's count starts again (the address's does not, it may be guessing at others). */
    public void succeeded(String keyId) {
        if (store.get(keyKey(keyId)) != null) {
            store.remove(keyKey(keyId));
        }
    }

    private void add(String key, long now, int threshold) {
        FailureCount next = count(key).afterFailure(now, threshold);
        store.put(key, next.lifespanSeconds(now), next.notes());
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
