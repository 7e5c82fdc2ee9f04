package io.keycloakpack.apikey.store;

import io.keycloakpack.support.provider.PackProviderFactory;
import io.keycloakpack.support.provider.StartupTasks;
import com.google.auto.service.AutoService;
import java.util.List;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.PostMigrationEvent;
import org.jboss.logging.Logger;

/**
 * Adds the API-key table to Keycloak's own database (Liquibase creates it on start), removes a user's or a realm's
 * keys when Keycloak removes the user or the realm, and records the prefix of keys stored before 0.3 at start-up.
 */
@AutoService(JpaEntityProviderFactory.class)
public final class ApiKeyJpaEntityProviderFactory extends PackProviderFactory implements JpaEntityProviderFactory {

    public static final String PROVIDER_ID = "keycloak-pack-api-keys";
    static final String CHANGELOG = "META-INF/keycloak-pack-api-keys-changelog.xml";

    private static final Logger LOG = Logger.getLogger(ApiKeyJpaEntityProviderFactory.class);

    private static final JpaEntityProvider PROVIDER = new JpaEntityProvider() {
        @Override
        public List<Class<?>> getEntities() {
            return List.of(ApiKeyEntity.class);
        }

        @Override
        public String getChangelogLocation() {
            return CHANGELOG;
        }

        @Override
        public String getFactoryId() {
            return PROVIDER_ID;
        }

        @Override
        public void close() {
        }
    };

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return PROVIDER;
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof UserModel.UserRemovedEvent removed) {
                new ApiKeyStore(removed.getKeycloakSession()).deleteByOwner(removed.getRealm(), removed.getUser());
            } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
                new ApiKeyStore(removed.getKeycloakSession()).deleteByRealm(removed.getRealm());
            } else if (event instanceof PostMigrationEvent) {
                StartupTasks.runOrDisable(LOG, "recording the prefix of API keys stored before 0.3",
                        () -> LegacyPrefix.fillIn(factory));
            }
        });
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
