package io.keycloakpack.rotation.policy;

import io.keycloakpack.support.provider.StartupTasks;
import io.keycloakpack.support.provider.RestResources;
import io.keycloakpack.support.provider.PackProviderFactory;
import com.google.auto.service.AutoService;
import io.keycloakpack.contract.PackInfo;
import io.keycloakpack.rotation.keys.KeyRotationTask;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.timer.TimerProvider;

/**
 * Registers {@code /admin/realms/{realm}/rotation-policy} and owns the signing-key rotation schedule. Option
 * ({@code --spi-admin-realm-restapi-extension--rotation-policy--key-check-interval-seconds}): how often realms
 * are checked for a key due to be published, activated, retired or removed.
 */
@AutoService(AdminRealmResourceProviderFactory.class)
public final class RotationPolicyResourceProviderFactory extends PackProviderFactory implements AdminRealmResourceProviderFactory {

    public static final String PROVIDER_ID = "rotation-policy";
    public static final String KEY_CHECK_INTERVAL = "key-check-interval-seconds";
    static final int DEFAULT_KEY_CHECK_INTERVAL = 3600;
    /** The first check soon after start-up: a key overdue while the cluster was down is not left for an hour. */
    private static final long FIRST_CHECK_MILLIS = 15_000;

    private static final Logger LOG = Logger.getLogger(RotationPolicyResourceProviderFactory.class);

    private int keyCheckInterval;
    private ScheduledExecutorService firstCheck;

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return RestResources.admin(RotationPolicyResource::new);
    }

    @Override
    public void init(Config.Scope config) {
        keyCheckInterval = Math.max(1, config.getInt(KEY_CHECK_INTERVAL, DEFAULT_KEY_CHECK_INTERVAL));
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                StartupTasks.runOrDisable(LOG, "scheduled signing-key rotation", () -> scheduleChecks(factory));
            }
        });
    }

    /**
     * Every interval through Keycloak's timer, with the {@code schedule(task, interval, name)} every 26.x has (the
     * variant with a first delay exists only from 26.7 on), and once soon after start-up on a thread of its own.
     * Each check takes Keycloak's cluster lock, so a check that both start on one node, or every node starts, runs
     * once.
     */
    private void scheduleChecks(KeycloakSessionFactory factory) {
        Runnable check = KeyRotationTask.everyRealm(factory);
        KeycloakModelUtils.runJobInTransaction(factory, session -> session.getProvider(TimerProvider.class)
                .schedule(check, keyCheckInterval * 1000L, KeyRotationTask.TASK_NAME));
        firstCheck = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "keycloak-pack-first-key-check");
            thread.setDaemon(true);
            return thread;
        });
        firstCheck.schedule(check, Math.min(FIRST_CHECK_MILLIS, keyCheckInterval * 1000L), TimeUnit.MILLISECONDS);
        firstCheck.shutdown();
        LOG.infof("Signing-key rotation is checked every %d s", keyCheckInterval);
    }

    @Override
    public void close() {
        if (firstCheck != null) {
            firstCheck.shutdownNow();
        }
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(KEY_CHECK_INTERVAL).type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(DEFAULT_KEY_CHECK_INTERVAL)
                .helpText("How often realms are checked for a signing key due to be published, activated, "
                        + "retired or removed").add()
                .build();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        Map<String, String> info = new HashMap<>(PackInfo.operationalInfo(RotationPolicyResourceProviderFactory.class));
        info.put(KEY_CHECK_INTERVAL, String.valueOf(keyCheckInterval));
        return info;
    }
}
