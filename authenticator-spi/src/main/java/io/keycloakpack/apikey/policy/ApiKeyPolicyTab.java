package io.keycloakpack.apikey.policy;

import com.google.auto.service.AutoService;
import io.keycloakpack.support.console.PolicyTab;
import io.keycloakpack.support.policy.RealmPolicy;
import java.util.List;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.ui.extend.UiTabProviderFactory;

/**
 * Realm settings → "API keys (keycloak-pack)": the key policy as a form in the admin console. Saving validates the
 * policy and writes the realm attributes the pack reads; the REST endpoint keeps this tab's copy in step.
 */
@AutoService(UiTabProviderFactory.class)
public final class ApiKeyPolicyTab extends PolicyTab {

    public static final String PROVIDER_ID = "API keys (keycloak-pack)";
    static final String TAB = "keycloak-pack-api-keys";

    public ApiKeyPolicyTab() {
        super(PROVIDER_ID, "How API keys look and live in this realm", TAB);
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        ApiKeyPolicy defaults = ApiKeyPolicy.DEFAULTS;
        return ProviderConfigurationBuilder.create()
                .property().name("prefix").label("Key prefix").type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(defaults.prefix()).helpText("Start of every key issued in this realm from now on (keys keep the prefix they were "
                        + "issued with); register it with secret scanners, e.g. acme_live_")
                .add()
                .property().name("max-age-days").label("Longest lifetime (days)")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(defaults.maxAgeDays()))
                .helpText("0 means keys may live forever").add()
                .property().name(ApiKeyPolicy.EXPIRY_MANDATORY).label("Expiry required").type(ProviderConfigProperty.BOOLEAN_TYPE)
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
                .helpText("Wrong secrets for one key, from anywhere, before further wrong secrets for it are answered "
                        + "429 for 30 s (doubling with each further failure, up to 15 min); the right secret and the "
                        + "owner's login are never locked").add()
                .property().name("failures-per-source").label("Wrong secrets before an address is throttled")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(defaults.failuresPerSource()))
                .helpText("Wrong secrets from one caller address, for any keys, before that address is refused for a "
                        + "while").add()
                .property().name(ApiKeyPolicy.AUDIENCE_MANDATORY).label("Audience required")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue(String.valueOf(defaults.audienceMandatory()))
                .helpText("Refuse keys that do not name the resource servers (client ids) their tokens are for")
                .add()
                .property().name(ApiKeyPolicy.ALLOWLIST_MANDATORY).label("Address allowlist required")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue(String.valueOf(defaults.allowlistMandatory()))
                .helpText("Refuse keys that do not name the addresses or CIDR ranges they may be used from").add()
                .property().name(ApiKeyPolicy.EXPIRY_NOTICE_DAYS.name()).label("Expiry notice (days ahead)")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(defaults.expiryNoticeDays()))
                .helpText("Email a key's owner once, this many days before the key expires; 0 sends no notice")
                .add()
                .property().name(ApiKeyPolicy.MAX_PER_MINUTE.name()).label("Most exchanges per minute")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(defaults.maxExchangesPerMinute()))
                .helpText("The most exchanges per minute any key may make, across all nodes (a key may be given "
                        + "less); 0 is no limit").add()
                .property().name(ApiKeyPolicy.MAX_PER_HOUR.name()).label("Most exchanges per hour")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(defaults.maxExchangesPerHour()))
                .helpText("The most exchanges per hour any key may make, across all nodes (a key may be given "
                        + "less); 0 is no limit").add()
                .property().name(ApiKeyPolicy.SECRET_SCANNING_KEYS_URL).label("Secret-scanning signer keys URL")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(defaults.secretScanningKeysUrl())
                .helpText("Where the secret-scanning partner (GitHub) publishes the keys it signs leak reports "
                        + "with; 'off' switches /realms/{realm}/api-keys/secret-scanning off").add()
                .build();
    }

    @Override
    protected RealmPolicy fromForm(ComponentModel model, RealmModel realm) {
        return ApiKeyPolicy.fromForm(model::get, realm.getName());
    }
}
