package io.keycloakpack.rotation.keys;

import io.keycloakpack.rotation.policy.RotationPolicy;
import io.keycloakpack.support.provider.RealmIds;
import org.jboss.logging.Logger;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Rotates the signing keys of the realms whose policy asks for it. Every run, scheduled or an admin's "rotate
 * now", holds one cluster-wide lock (Keycloak's {@link ClusterProvider}; 26.7 has no public cluster-aware task
 * runner) and gives each realm a transaction of its own, so no run plans on keys another is changing.
 */
public final class KeyRotationTask {

    public static final String TASK_NAME = "keycloak-pack-key-rotation";
    private static final int LOCK_SECONDS = 300;
    private static final Logger LOG = Logger.getLogger(KeyRotationTask.class);

    private KeyRotationTask() {
    }

    /** The scheduled check of every realm; skipped when another node is running it. */
    public static Runnable everyRealm(KeycloakSessionFactory factory) {
        return () -> {
            try {
                underClusterLock(factory, () -> rotateAll(factory));
            } catch (RuntimeException e) {
                LOG.errorf(e, "Scheduled task '%s' failed; it runs again at the next interval", TASK_NAME);
            }
        };
    }

    /** Rotates one realm now, waiting (up to a minute) while a run elsewhere holds the lock. */
    public static void rotateNow(KeycloakSessionFactory factory, String realmId) throws InterruptedException {
        for (int attempt = 0; attempt < 600; attempt++) {
            if (underClusterLock(factory, () -> rotateInOwnTransaction(factory, realmId))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("The signing-key rotation lock stayed taken for a minute");
    }

    /** Runs {@code work} unless another node holds the lock; true when it ran. */
    private static boolean underClusterLock(KeycloakSessionFactory factory, Runnable work) {
        return KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> session
                .getProvider(ClusterProvider.class).executeIfNotExecuted(TASK_NAME, LOCK_SECONDS, () -> {
                    work.run();
                    return Boolean.TRUE;
                }).isExecuted());
    }

    private static void rotateAll(KeycloakSessionFactory factory) {
        for (String realmId : RealmIds.matching(factory, realm -> true)) {
            try {
                rotateInOwnTransaction(factory, realmId);
            } catch (RuntimeException e) {
                LOG.errorf(e, "Signing-key rotation failed for realm id '%s'; its keys are unchanged", realmId);
            }
        }
    }

    private static void rotateInOwnTransaction(KeycloakSessionFactory factory, String realmId) {
        KeycloakModelUtils.runJobInTransaction(factory, session -> rotate(session, realmId));
    }

    private static void rotate(KeycloakSession session, String realmId) {
        RealmModel realm = session.realms().getRealm(realmId);
        if (realm == null) {
            return;
        }
        RotationPolicy policy = RotationPolicy.of(realm);
        if (policy.rotatesKeys()) {
            session.getContext().setRealm(realm);
            new SigningKeyRotator(session, realm).rotate(policy);
        }
    }
}
