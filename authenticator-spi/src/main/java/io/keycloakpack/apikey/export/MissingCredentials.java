package io.keycloakpack.apikey.export;

import io.keycloakpack.apikey.store.ApiKeyEntity;
import io.keycloakpack.apikey.store.ApiKeyStore;
import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Keys stored before keys had credentials get theirs at start-up, a batch per transaction, on one node of the
 * cluster (Keycloak's cluster lock: a node that finds the task running skips it).
 */
final class MissingCredentials {

    private static final Logger LOG = Logger.getLogger(MissingCredentials.class);
    private static final String TASK = "keycloak-pack-api-key-credentials";
    private static final int BATCH = 500;
    private static final int LOCK_SECONDS = 900;

    private final KeycloakSessionFactory factory;

    MissingCredentials(KeycloakSessionFactory factory) {
        this.factory = factory;
    }

    void create() {
        KeycloakModelUtils.runJobInTransaction(factory, session -> session.getProvider(ClusterProvider.class)
                .executeIfNotExecuted(TASK, LOCK_SECONDS, () -> {
                    createAll();
                    return null;
                }));
    }

    private void createAll() {
        int total = 0;
        List<ApiKeyEntity> batch = List.of();
        do {
            String after = batch.isEmpty() ? "" : batch.get(batch.size() - 1).getId();
            batch = KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> createBatch(session, after));
            total += batch.size();
        } while (batch.size() == BATCH);
        if (total > 0) {
            LOG.infof("Gave %d API keys stored before 0.2 the credential that carries them in realm exports", total);
        }
    }

    /** The next keys without a credential, in id order after {@code afterId}, each given one if it has an owner. */
    private List<ApiKeyEntity> createBatch(KeycloakSession session, String afterId) {
        List<ApiKeyEntity> keys = new ApiKeyStore(session).withoutCredential(afterId, BATCH);
        ApiKeyCredentials credentials = new ApiKeyCredentials(session);
        for (ApiKeyEntity key : keys) {
            RealmModel realm = session.realms().getRealm(key.getRealmId());
            if (realm == null) {
                continue;
            }
            // At start-up no request has bound the session to a realm, and Keycloak's user lookup requires one.
            session.getContext().setRealm(realm);
            UserModel owner = session.users().getUserById(realm, key.getOwnerId());
            if (owner != null) {
                credentials.created(key, owner);
            }
        }
        return keys;
    }
}
