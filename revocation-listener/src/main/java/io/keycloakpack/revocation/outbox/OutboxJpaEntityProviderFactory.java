package io.keycloakpack.revocation.outbox;

import com.google.auto.service.AutoService;
import io.keycloakpack.contract.PackInfo;
import java.util.List;
import java.util.Map;
import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/** Adds the revocation outbox table to Keycloak's database (Liquibase creates it on start). */
@AutoService(JpaEntityProviderFactory.class)
public final class OutboxJpaEntityProviderFactory implements JpaEntityProviderFactory, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "keycloak-pack-revocation-outbox";

    private static final JpaEntityProvider PROVIDER = new JpaEntityProvider() {
        @Override
        public List<Class<?>> getEntities() {
            return List.of(OutboxEntity.class);
        }

        @Override
        public String getChangelogLocation() {
            return "META-INF/keycloak-pack-revocation-changelog.xml";
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
    public void init(Config.Scope config) {
        // No options.
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // Nothing to prepare.
    }

    @Override
    public void close() {
        // Nothing held.
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return PackInfo.operationalInfo(OutboxJpaEntityProviderFactory.class);
    }
}
