package io.keycloakpack.apikey.export;

import com.google.auto.service.AutoService;
import io.keycloakpack.support.provider.PackProviderFactory;
import io.keycloakpack.support.provider.StartupTasks;
import org.jboss.logging.Logger;
import org.keycloak.credential.CredentialProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.PostMigrationEvent;

/** Registers the API-key credential type, and gives keys created before it existed their credential. */
@AutoService(CredentialProviderFactory.class)
public final class ApiKeyCredentialProviderFactory extends PackProviderFactory
        implements CredentialProviderFactory<ApiKeyCredentialProvider> {

    public static final String PROVIDER_ID = "keycloak-pack-api-key";

    private static final Logger LOG = Logger.getLogger(ApiKeyCredentialProviderFactory.class);

    @Override
    public ApiKeyCredentialProvider create(KeycloakSession session) {
        return new ApiKeyCredentialProvider(session);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                StartupTasks.runOrDisable(LOG, "exporting API keys created before 0.2 with the realm",
                        () -> new MissingCredentials(factory).create());
            }
        });
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
