package io.keycloakpack.revocation.model;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import io.keycloakpack.support.lifespan.TokenLifespans;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * {@link TokenLifespans#longestSeconds} per realm, remembered for {@link #TTL} so that a revocation does not walk
 * every client of its realm. Computed in a transaction of its own: a query in the observed request's transaction
 * would flush that request's pending changes early and could fail it (or be failed by it). This node forgets a realm
 * when its lifespans change here (admin events); other nodes within {@link #TTL}.
 */
public final class TokenLifespanCache {

    public static final Duration TTL = Duration.ofSeconds(60);

    private record Cached(int seconds, long computedAtMillis) {
    }

    private final KeycloakSessionFactory factory;
    private final Map<String, Cached> byRealm = new ConcurrentHashMap<>();

    public TokenLifespanCache(KeycloakSessionFactory factory) {
        this.factory = factory;
    }

    public int longestSeconds(RealmModel realm) {
        long now = System.currentTimeMillis();
        Cached cached = byRealm.get(realm.getId());
        if (cached == null || now - cached.computedAtMillis() >= TTL.toMillis()) {
            cached = new Cached(compute(realm), now);
            byRealm.put(realm.getId(), cached);
        }
        return cached.seconds();
    }

    public void forget(String realmId) {
        byRealm.remove(realmId);
    }

    private int compute(RealmModel realm) {
        String realmId = realm.getId();
        Integer seconds = KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> {
            RealmModel committed = session.realms().getRealm(realmId);
            if (committed == null) {
                return null;
            }
            session.getContext().setRealm(committed);
            return TokenLifespans.longestSeconds(committed);
        });
        // A realm created by the observed request itself is not committed yet: its own lifespans, no clients.
        return seconds != null ? seconds : TokenLifespans.realmSeconds(realm);
    }
}
