package io.keycloakpack.revocation.rotation.keys;

import io.keycloakpack.revocation.rotation.policy.RotationPolicy;
import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.timer.ScheduledTask;

/**
 * Rotates the signing keys of every realm whose policy asks for it. Each realm runs in a transaction of its own,
 * under the cluster lock of the task, so a scheduled run and an admin's "rotate now" never plan on stale keys.
 */
public final class KeyRotationTask implements ScheduledTask {

    public static final String TASK_NAME = "keycloak-pack-key-rotation";
    private static final int LOCK_SECONDS = 300;
    private static final Logger LOG = Logger.getLogger(KeyRotationTask.class);

    @Override
    public void run(KeycloakSession session) {
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        List<String> realmIds = session.realms().getRealmsStream().map(RealmModel::getId).toList();
        for (String realmId : realmIds) {
            try {
                KeycloakModelUtils.runJobInTransaction(factory, realmSession -> rotate(realmSession, realmId));
            } catch (RuntimeException e) {
                LOG.errorf(e, "Signing-key rotation failed for realm id '%s'; its keys are unchanged", realmId);
            }
        }
    }

    /** Rotates one realm now, waiting (up to a minute) while a scheduled run elsewhere holds the lock. */
    public static void rotateNow(KeycloakSession session, String realmId) throws InterruptedException {
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        ClusterProvider cluster = session.getProvider(ClusterProvider.class);
        for (int attempt = 0; attempt < 600; attempt++) {
            boolean executed = cluster.executeIfNotExecuted(TASK_NAME, LOCK_SECONDS, () -> {
                KeycloakModelUtils.runJobInTransaction(factory, realmSession -> rotate(realmSession, realmId));
                return Boolean.TRUE;
            }).isExecuted();
            if (executed) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("The signing-key rotation lock stayed taken for a minute");
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

    @Override
    public String getTaskName() {
        return TASK_NAME;
    }
}
