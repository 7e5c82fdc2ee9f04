package io.keycloakpack.rotation.policy;

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
 * Realm settings → "Token rotation (keycloak-pack)": the rotation policy as a form in the admin console. Saving
 * validates the policy, writes the realm attributes and applies Keycloak's own refresh settings, as
 * {@code PUT …/rotation-policy} does; that endpoint keeps this tab's copy in step.
 */
@AutoService(UiTabProviderFactory.class)
public final class RotationPolicyTab extends PolicyTab {

    public static final String PROVIDER_ID = "Token rotation (keycloak-pack)";
    static final String TAB = "keycloak-pack-rotation";

    public RotationPolicyTab() {
        super(PROVIDER_ID, "Refresh-token rotation and reuse detection, and signing-key rotation", TAB);
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        RotationPolicy defaults = RotationPolicy.DEFAULTS;
        return ProviderConfigurationBuilder.create()
                .property().name("refresh-rotation").label("Refresh-token reuse ends the session")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue(String.valueOf(defaults.refreshRotation()))
                .helpText("Rotate refresh tokens; a replayed one ends the whole session, in Keycloak and in Redis")
                .add()
                .property().name("refresh-grace-seconds").label("Refresh grace window (seconds, 0-10)")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(defaults.refreshGraceSeconds()))
                .helpText("A repeated refresh of the same token within this window gets the same answer").add()
                .property().name("refresh-absolute-days").label("Absolute refresh lifetime (days, 30-90)")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(defaults.refreshAbsoluteDays()))
                .helpText("No refresh succeeds this long after the login").add()
                .property().name("key-rotation-days").label("Signing-key rotation (days, 0 = off)")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(defaults.keyRotationDays()))
                .helpText("How often a new RS256 key takes over").add()
                .property().name("key-publish-ahead-hours").label("Publish next key ahead (hours)")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(defaults.keyPublishAheadHours()))
                .helpText("How long the next key is in the JWKS before it signs").add()
                .property().name("key-retain-hours").label("Keep retired keys (hours)")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(defaults.keyRetainHours()))
                .helpText("Least time a retired key stays for verification; never less than the longest token "
                        + "lifetime").add()
                .build();
    }

    @Override
    protected RealmPolicy fromForm(ComponentModel model, RealmModel realm) {
        return RotationPolicy.fromForm(model::get, realm.getName());
    }
}
