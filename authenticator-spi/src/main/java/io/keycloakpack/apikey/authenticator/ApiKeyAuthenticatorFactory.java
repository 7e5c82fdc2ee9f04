package io.keycloakpack.apikey.authenticator;

import io.keycloakpack.support.provider.PackProviderFactory;
import com.google.auto.service.AutoService;
import java.util.List;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;

/** Registers the API-key authenticator, the step of the "API key exchange" flow that finds a key's owner. */
@AutoService(AuthenticatorFactory.class)
public final class ApiKeyAuthenticatorFactory extends PackProviderFactory implements AuthenticatorFactory {

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
}
