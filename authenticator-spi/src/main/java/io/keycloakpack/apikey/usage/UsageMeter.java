package io.keycloakpack.apikey.usage;

import io.keycloakpack.apikey.store.ApiKeyStore;
import java.util.Optional;
import java.util.function.Consumer;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Counts an exchange against its key's limits, cluster-wide: one conditional UPDATE of the key's row, in the database
 * every node shares, either counts the exchange or changes nothing, so no two nodes can both spend the last unit.
 * It runs in a short transaction of its own (with whatever else the exchange writes to that row), so that the row is
 * locked only for that transaction and not for the rest of the token request, which would serialise a busy key's
 * exchanges across the cluster. Keys without limits cost nothing.
 */
public final class UsageMeter {

    private UsageMeter() {
    }

    /**
     * Counts one exchange against the row {@code countedKeyId} (the key's own, or its replacement's while it is being
     * rotated out), running {@code alongside} in the same transaction if it was counted.
     *
     * @return the decision; empty if the row is gone (the key was deleted meanwhile)
     */
    public static Optional<UsageDecision> spend(KeycloakSessionFactory factory, String countedKeyId,
            UsageLimits limits, Consumer<ApiKeyStore> alongside) {
        long now = Time.currentTime();
        return KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> {
            ApiKeyStore store = new ApiKeyStore(session);
            boolean spent = store.spendExchange(countedKeyId, limits, now);
            if (spent) {
                alongside.accept(store);
            }
            return store.usageCounters(countedKeyId).map(counters -> counters.decide(limits, now, spent));
        });
    }
}
