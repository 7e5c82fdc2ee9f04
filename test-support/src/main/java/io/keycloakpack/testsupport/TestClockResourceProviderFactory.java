package io.keycloakpack.testsupport;

import com.google.auto.service.AutoService;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/** TEST ONLY: {@code PUT /realms/master/test-clock} moves Keycloak's clock. Never part of the pack's JARs. */
@AutoService(RealmResourceProviderFactory.class)
public final class TestClockResourceProviderFactory implements RealmResourceProviderFactory {

    public static final String PROVIDER_ID = "test-clock";

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return new TestClockResource(session);
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
