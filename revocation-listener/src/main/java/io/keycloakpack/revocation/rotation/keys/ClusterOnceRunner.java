package io.keycloakpack.revocation.rotation.keys;

import org.jboss.logging.Logger;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.timer.ScheduledTask;

/**
 * Runs a task on one node of the cluster at a time, through Keycloak's cluster lock, as Keycloak's own
 * cluster-aware scheduled tasks do (that runner is not part of the public SPI in 26.7).
 */
public final class ClusterOnceRunner implements Runnable {

    private static final Logger LOG = Logger.getLogger(ClusterOnceRunner.class);

    private final KeycloakSessionFactory factory;
    private final ScheduledTask task;
    private final int lockSeconds;

    public ClusterOnceRunner(KeycloakSessionFactory factory, ScheduledTask task, int lockSeconds) {
        this.factory = factory;
        this.task = task;
        this.lockSeconds = lockSeconds;
    }

    @Override
    public void run() {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> session.getProvider(ClusterProvider.class)
                    .executeIfNotExecuted(task.getTaskName(), lockSeconds, () -> {
                        task.run(session);
                        return null;
                    }));
        } catch (RuntimeException e) {
            LOG.errorf(e, "Scheduled task '%s' failed; it runs again at the next interval", task.getTaskName());
        }
    }
}
