package io.keycloakpack.apikey.authenticator;

import com.google.auto.service.AutoService;
import io.keycloakpack.contract.PackInfo;
import java.util.List;
import java.util.Map;
import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/** Registers the API-key authenticator, the step of the "API key exchange" flow that finds a key's owner. */
@AutoService(AuthenticatorFactory.class)
public final class ApiKeyAuthenticatorFactory implements AuthenticatorFactory, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "api-key-authenticator";

    private static final ApiKeyAuthenticator SINGLETON = new ApiKeyAuthenticator();

    @Override
    public Authenticator create(KeycloakSession session) {
        return SINGLETON;
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

    @Override
    public void init(Config.Scope config) {
        // Stateless: the realm's key policy is read per request from realm attributes.
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
    public Map<String, String> getOperationalInfo() {
        return PackInfo.operationalInfo(ApiKeyAuthenticatorFactory.class);
    }
}
