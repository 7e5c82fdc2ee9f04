package io.keycloakpack.apikey.grant;

import io.keycloakpack.support.provider.StartupTasks;
import io.keycloakpack.support.provider.PackProviderFactory;
import com.google.auto.service.AutoService;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;
import org.keycloak.protocol.oidc.grants.OAuth2GrantTypeFactory;

/**
 * Registers the API-key grant at the token endpoint, and makes sure every realm has its "API key exchange" flow
 * (new realms when they are created, existing ones when the server starts), so admins find it under Authentication.
 */
@AutoService(OAuth2GrantTypeFactory.class)
public final class ApiKeyGrantTypeFactory extends PackProviderFactory implements OAuth2GrantTypeFactory {

    public static final String GRANT_TYPE = "urn:keycloak-pack:params:oauth:grant-type:api-key";
    /** Client attribute that lets a client exchange API keys; off unless set to {@code true}. */
    public static final String CLIENT_ENABLED_ATTRIBUTE = "keycloak-pack.api-key.grant.enabled";

    private static final Logger LOG = Logger.getLogger(ApiKeyGrantTypeFactory.class);

    @Override
    public OAuth2GrantType create(KeycloakSession session) {
        return new ApiKeyGrantType();
    }

    @Override
    public String getShortcut() {
        return "ak";
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof RealmModel.RealmPostCreateEvent created) {
                ensureFlow(created.getCreatedRealm());
            } else if (event instanceof PostMigrationEvent) {
                StartupTasks.runOrDisable(LOG, "creating the API-key flow in existing realms",
                        () -> KeycloakModelUtils.runJobInTransaction(factory, session -> session.realms()
                                .getRealmsStream().forEach(ApiKeyGrantTypeFactory::ensureFlow)));
            }
        });
    }

    private static void ensureFlow(RealmModel realm) {
        if (realm.getFlowByAlias(ApiKeyFlow.DEFAULT_ALIAS) == null) {
            ApiKeyFlow.create(realm);
        }
    }

    @Override
    public String getId() {
        return GRANT_TYPE;
    }
}
