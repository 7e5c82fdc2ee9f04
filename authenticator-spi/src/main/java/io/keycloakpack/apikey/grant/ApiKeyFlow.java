package io.keycloakpack.apikey.grant;

import io.keycloakpack.apikey.authenticator.ApiKeyAuthenticatorFactory;
import org.jboss.logging.Logger;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.RealmModel;

/**
 * The realm's "API key exchange" authentication flow, which the API-key grant runs. It is an ordinary flow, so
 * admins see it under Authentication and may add steps (e.g. a condition on client or IP) or bind another flow
 * through the realm attribute {@value #FLOW_ATTRIBUTE}.
 */
public final class ApiKeyFlow {

    public static final String DEFAULT_ALIAS = "api key exchange";
    public static final String FLOW_ATTRIBUTE = "keycloak-pack.api-key.flow";

    private static final Logger LOG = Logger.getLogger(ApiKeyFlow.class);

    private ApiKeyFlow() {
    }

    /** The flow bound to the realm, created with its single API-key step if the realm has none yet. */
    public static AuthenticationFlowModel resolve(RealmModel realm) {
        String alias = realm.getAttribute(FLOW_ATTRIBUTE);
        if (alias != null && !alias.isBlank()) {
            AuthenticationFlowModel bound = realm.getFlowByAlias(alias);
            if (bound != null) {
                return bound;
            }
            LOG.warnf("Realm '%s': attribute '%s' names flow '%s', which does not exist; using '%s'",
                    realm.getName(), FLOW_ATTRIBUTE, alias, DEFAULT_ALIAS);
        }
        AuthenticationFlowModel flow = realm.getFlowByAlias(DEFAULT_ALIAS);
        return flow != null ? flow : create(realm);
    }

    static AuthenticationFlowModel create(RealmModel realm) {
        AuthenticationFlowModel flow = new AuthenticationFlowModel();
        flow.setAlias(DEFAULT_ALIAS);
        flow.setDescription("Exchanges an API key for an access token (keycloak-pack API-key grant)");
        flow.setProviderId("basic-flow");
        flow.setTopLevel(true);
        flow.setBuiltIn(false);
        flow = realm.addAuthenticationFlow(flow);

        AuthenticationExecutionModel step = new AuthenticationExecutionModel();
        step.setParentFlow(flow.getId());
        step.setAuthenticator(ApiKeyAuthenticatorFactory.PROVIDER_ID);
        step.setRequirement(AuthenticationExecutionModel.Requirement.REQUIRED);
        step.setPriority(10);
        step.setAuthenticatorFlow(false);
        realm.addAuthenticatorExecution(step);
        LOG.infof("Realm '%s': created authentication flow '%s'", realm.getName(), DEFAULT_ALIAS);
        return flow;
    }
}
