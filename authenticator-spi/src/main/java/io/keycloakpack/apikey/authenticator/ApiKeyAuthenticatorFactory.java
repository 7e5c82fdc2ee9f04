package io.keycloakpack.apikey.authenticator;

import io.keycloakpack.apikey.notice.ExpiryNotices;
import io.keycloakpack.apikey.store.CachedApiKeys;
import io.keycloakpack.support.provider.StartupTasks;
import io.keycloakpack.support.provider.PackProviderFactory;
import com.google.auto.service.AutoService;
import io.micrometer.core.instrument.Metrics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.timer.TimerProvider;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** Registers the API-key authenticator, the step of the "API key exchange" flow that finds a key's owner. */
@AutoService(AuthenticatorFactory.class)
public final class ApiKeyAuthenticatorFactory extends PackProviderFactory implements AuthenticatorFactory {

    public static final String PROVIDER_ID = "api-key-authenticator";

    /** Server option: how many keys each node keeps a copy of (0: every exchange reads the database). */
    public static final String KEY_CACHE_SIZE = "key-cache-size";
    /** Server option: how long a node uses its copy of a key at most, even when nobody changed the key. */
    public static final String KEY_CACHE_SECONDS = "key-cache-seconds";
    /** Server option: how often keys about to expire are looked for, to email their owners. */
    public static final String EXPIRY_CHECK_INTERVAL_SECONDS = "expiry-check-interval-seconds";
    static final int DEFAULT_KEY_CACHE_SIZE = 10_000;
    static final int DEFAULT_KEY_CACHE_SECONDS = 60;
    static final int DEFAULT_EXPIRY_CHECK_INTERVAL_SECONDS = 3600;

    private static final Logger LOG = Logger.getLogger(ApiKeyAuthenticatorFactory.class);

    private int keyCacheSize = DEFAULT_KEY_CACHE_SIZE;
    private int keyCacheSeconds = DEFAULT_KEY_CACHE_SECONDS;
    private int expiryCheckIntervalSeconds = DEFAULT_EXPIRY_CHECK_INTERVAL_SECONDS;
    private ApiKeyAuthenticator authenticator;

    @Override
    public Authenticator create(KeycloakSession session) {
        return authenticator;
    }

    @Override
    public void init(Config.Scope config) {
        keyCacheSize = Math.max(0, config.getInt(KEY_CACHE_SIZE, DEFAULT_KEY_CACHE_SIZE));
        keyCacheSeconds = Math.min((int) CachedApiKeys.MAX_AGE_LIMIT.toSeconds(),
                Math.max(1, config.getInt(KEY_CACHE_SECONDS, DEFAULT_KEY_CACHE_SECONDS)));
        authenticator = new ApiKeyAuthenticator(new CachedApiKeys(keyCacheSize, Duration.ofSeconds(keyCacheSeconds),
                Metrics.globalRegistry));
        expiryCheckIntervalSeconds = Math.max(1, config.getInt(EXPIRY_CHECK_INTERVAL_SECONDS,
                DEFAULT_EXPIRY_CHECK_INTERVAL_SECONDS));
    }

    /** Expiry notices on Keycloak's timer, with the {@code schedule(task, interval, name)} every 26.x has. */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                StartupTasks.runOrDisable(LOG, "API-key expiry notices", () -> KeycloakModelUtils.runJobInTransaction(
                        factory, session -> session.getProvider(TimerProvider.class).schedule(
                                new ExpiryNotices(factory), expiryCheckIntervalSeconds * 1000L,
                                ExpiryNotices.TASK_NAME)));
            }
        });
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(KEY_CACHE_SIZE).type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(DEFAULT_KEY_CACHE_SIZE)
                .helpText("Keys each node keeps a copy of for exchanges (0: every exchange reads the database); "
                        + "a change to a key on any node retires every copy when it commits").add()
                .property().name(KEY_CACHE_SECONDS).type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(DEFAULT_KEY_CACHE_SECONDS)
                .helpText("Longest a node uses its copy of an unchanged key (at most 3600)").add()
                .property().name(EXPIRY_CHECK_INTERVAL_SECONDS).type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(DEFAULT_EXPIRY_CHECK_INTERVAL_SECONDS)
                .helpText("How often keys about to expire are looked for, to email their owners once (the realm "
                        + "policy's expiry-notice-days ahead)").add()
                .build();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        Map<String, String> info = new HashMap<>(super.getOperationalInfo());
        info.put(KEY_CACHE_SIZE, String.valueOf(keyCacheSize));
        info.put(KEY_CACHE_SECONDS, String.valueOf(keyCacheSeconds));
        info.put(EXPIRY_CHECK_INTERVAL_SECONDS, String.valueOf(expiryCheckIntervalSeconds));
        return info;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "API key";
    }

    @Override
    public String getReferenceCategory() {
        return "api-key";
    }

    @Override
    public String getHelpText() {
        return "Authenticates the owner of an API key presented to the token endpoint with the API-key grant "
                + "(form parameter api_key, header X-API-Key or Authorization: ApiKey).";
    }

    @Override
    public boolean isConfigurable() {
        return false;
    }

    @Override
    public Requirement[] getRequirementChoices() {
        return new Requirement[] {Requirement.REQUIRED, Requirement.ALTERNATIVE, Requirement.DISABLED};
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }
}
