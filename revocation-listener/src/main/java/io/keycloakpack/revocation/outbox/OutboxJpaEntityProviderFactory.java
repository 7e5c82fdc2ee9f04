package io.keycloakpack.revocation.outbox;

import io.keycloakpack.support.provider.PackProviderFactory;
import com.google.auto.service.AutoService;
import java.util.List;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;

/** Adds the revocation outbox table to Keycloak's database (Liquibase creates it on start). */
@AutoService(JpaEntityProviderFactory.class)
public final class OutboxJpaEntityProviderFactory extends PackProviderFactory implements JpaEntityProviderFactory {

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
    public String getId() {
        return PROVIDER_ID;
    }
}
