package io.keycloakpack.revocation.rotation.policy;

import com.google.auto.service.AutoService;
import io.keycloakpack.contract.PackInfo;
import io.keycloakpack.revocation.listener.RedisRevocationListenerFactory;
import io.keycloakpack.revocation.outbox.Outbox;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.keycloak.Config;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.services.ui.extend.UiTabProvider;
import org.keycloak.services.ui.extend.UiTabProviderFactory;

/**
 * Realm settings → "Revocation (keycloak-pack)": the rotation policy as a form in the admin console (Keycloak's
 * admin UI extension SPI, feature {@code declarative-ui}), with the Redis connection and the outbox depth as they
 * were when the console loaded. Saving validates the policy, writes the realm attributes and applies Keycloak's own
 * refresh settings, as {@code PUT …/rotation-policy} does; that endpoint keeps this tab's copy in step.
 */
@AutoService(UiTabProviderFactory.class)
public final class RevocationPolicyTab implements UiTabProvider, UiTabProviderFactory<ComponentModel>,
        ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "Revocation (keycloak-pack)";
    static final String TAB = "keycloak-pack-revocation";
    static final String STATUS = "status";

    private KeycloakSessionFactory factory;

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "Refresh-token rotation, signing-key rotation and the state of the Redis revocation list";
    }

    @Override
    public String getPath() {
        return "/:realm/realm-settings/:tab?";
    }

    @Override
    public Map<String, String> getParams() {
        return Map.of("tab", TAB);
    }

    /** Asked whenever the admin console loads the server's component types, so the status line is that fresh. */
    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        RotationPolicy defaults = RotationPolicy.DEFAULTS;
        ProviderConfigProperty status = new ProviderConfigProperty(STATUS, "Redis and outbox", "As of the time "
                + "the admin console loaded; revocations wait in the outbox while Redis is unreachable",
                ProviderConfigProperty.STRING_TYPE, status(), false);
        status.setReadOnly(true);
        return ProviderConfigurationBuilder.create()
                .property(status)
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
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) {
        // The status is shown, never stored: a saved copy would go stale.
        model.getConfig().remove(STATUS);
        List<String> problems = policyOf(model, realm).problems();
        if (!problems.isEmpty()) {
            throw new ComponentValidationException(String.join("; ", problems));
        }
    }

    @Override
    public void onCreate(KeycloakSession session, RealmModel realm, ComponentModel model) {
        apply(policyOf(model, realm), realm);
    }

    @Override
    public void onUpdate(KeycloakSession session, RealmModel realm, ComponentModel oldModel, ComponentModel newModel) {
        apply(policyOf(newModel, realm), realm);
    }

    /** After the policy changed through REST: this realm's tab, if it was ever saved, shows it too. */
    static void showInTab(KeycloakSession session, RealmModel realm, RotationPolicy policy) {
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

    private static void apply(RotationPolicy policy, RealmModel realm) {
        policy.writeTo(realm);
        policy.applyTo(realm);
    }

    private static RotationPolicy policyOf(ComponentModel model, RealmModel realm) {
        return RotationPolicy.fromForm(model::get, realm.getName());
    }

    private String status() {
        if (factory == null) {
            return "unknown";
        }
        RedisRevocationListenerFactory listener = (RedisRevocationListenerFactory) factory.getProviderFactory(
                EventListenerProvider.class, RedisRevocationListenerFactory.PROVIDER_ID);
        boolean reachable = listener != null && listener.drainer().isRedisReachable();
        long depth = KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> new Outbox(session).depth());
        return (reachable ? "Redis reachable" : "Redis UNREACHABLE") + "; outbox depth " + depth + " (at "
                + Instant.now().toString().substring(0, 19) + "Z)";
    }

    @Override
    public void init(Config.Scope config) {
        // No server options.
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        this.factory = factory;
    }

    @Override
    public void close() {
        // Nothing held.
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return PackInfo.operationalInfo(RevocationPolicyTab.class);
    }
}
