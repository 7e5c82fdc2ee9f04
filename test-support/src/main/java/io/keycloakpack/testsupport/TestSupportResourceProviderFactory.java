package io.keycloakpack.testsupport;

import com.google.auto.service.AutoService;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/**
 * TEST ONLY, never part of the pack's JARs: {@code /realms/{realm}/test-support/clock/offset} moves Keycloak's
 * clock, {@code /realms/{realm}/test-support/api-keys/seed} fills the API-key table.
 */
@AutoService(RealmResourceProviderFactory.class)
public final class TestSupportResourceProviderFactory implements RealmResourceProviderFactory {

    public static final String PROVIDER_ID = "test-support";

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return new TestSupportResource(session);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
