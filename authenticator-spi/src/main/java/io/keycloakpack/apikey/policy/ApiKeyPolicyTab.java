package io.keycloakpack.apikey.policy;

import com.google.auto.service.AutoService;
import io.keycloakpack.contract.PackInfo;
import java.util.List;
import java.util.Map;
import org.keycloak.Config;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.services.ui.extend.UiTabProvider;
import org.keycloak.services.ui.extend.UiTabProviderFactory;

/**
 * Realm settings → "API keys (keycloak-pack)": the key policy as a form in the admin console (Keycloak's admin UI
 * extension SPI, feature {@code declarative-ui}). Saving validates the policy and writes the realm attributes the
 * pack reads; the REST endpoint keeps this tab's copy in step, so both always show the same policy.
 */
@AutoService(UiTabProviderFactory.class)
public final class ApiKeyPolicyTab implements UiTabProvider, UiTabProviderFactory<ComponentModel>,
        ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "API keys (keycloak-pack)";
    static final String TAB = "keycloak-pack-api-keys";

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "How API keys look and live in this realm";
    }

    @Override
    public String getPath() {
        return "/:realm/realm-settings/:tab?";
    }

    @Override
    public Map<String, String> getParams() {
        return Map.of("tab", TAB);
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        ApiKeyPolicy defaults = ApiKeyPolicy.DEFAULTS;
        return ProviderConfigurationBuilder.create()
                .property().name("prefix").label("Key prefix").type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(defaults.prefix()).helpText("Start of every key issued in this realm, e.g. sk_live_")
                .add()
                .property().name("max-age-days").label("Longest lifetime (days)")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(defaults.maxAgeDays()))
                .helpText("0 means keys may live forever").add()
                .property().name("expiry-mandatory").label("Expiry required").type(ProviderConfigProperty.BOOLEAN_TYPE)
                .defaultValue(String.valueOf(defaults.expiryMandatory())).helpText("Refuse keys without an expiry")
                .add()
                .property().name("max-active-keys-per-owner").label("Keys per owner")
                .type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(String.valueOf(defaults.maxActiveKeysPerOwner()))
                .helpText("How many usable keys one user or service account may hold").add()
                .property().name("rotation-grace-seconds").label("Rotation grace window (seconds)")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(defaults.rotationGraceSeconds()))
                .helpText("How long a rotated-out key keeps working").add()
                .property().name("token-lifespan-seconds").label("Token lifetime (seconds)")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(defaults.tokenLifespanSeconds()))
                .helpText("Lifetime of an access token obtained with a key").add()
                .property().name("failures-per-key").label("Wrong secrets before a key locks")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(defaults.failuresPerKey()))
                .helpText("Wrong secrets for one key, from anywhere, before that key is locked for 30 s (doubling "
                        + "with each further failure, up to 15 min); the owner's login is never locked").add()
                .property().name("failures-per-source").label("Wrong secrets before an address is throttled")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(defaults.failuresPerSource()))
                .helpText("Wrong secrets from one caller address, for any keys, before that address is refused for a "
                        + "while").add()
                .build();
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) {
        List<String> problems = policyOf(model, realm).problems();
        if (!problems.isEmpty()) {
            throw new ComponentValidationException(String.join("; ", problems));
        }
    }

    @Override
    public void onCreate(KeycloakSession session, RealmModel realm, ComponentModel model) {
        policyOf(model, realm).writeTo(realm);
    }

    @Override
    public void onUpdate(KeycloakSession session, RealmModel realm, ComponentModel oldModel, ComponentModel newModel) {
        policyOf(newModel, realm).writeTo(realm);
    }

    /** After the policy changed elsewhere (REST, import): this realm's tab, if it was ever saved, shows it too. */
    public static void showInTab(KeycloakSession session, RealmModel realm, ApiKeyPolicy policy) {
        if (session.getKeycloakSessionFactory().getProviderFactory(UiTabProvider.class, PROVIDER_ID) == null) {
            return;
        }
        realm.getComponentsStream(realm.getId(), UiTabProvider.class.getName())
                .filter(component -> PROVIDER_ID.equals(component.getProviderId())).findFirst()
                .ifPresent(component -> {
                    MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
                    policy.settings().forEach(config::putSingle);
                    component.setConfig(config);
                    realm.updateComponent(component);
                });
    }

    private static ApiKeyPolicy policyOf(ComponentModel model, RealmModel realm) {
        return ApiKeyPolicy.fromForm(model::get, realm.getName());
    }

    @Override
    public void init(Config.Scope config) {
        // No server options.
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
        return PackInfo.operationalInfo(ApiKeyPolicyTab.class);
    }
}
