package io.keycloakpack.support.console;

import io.keycloakpack.contract.PackInfo;
import java.util.Map;
import org.keycloak.Config;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.services.ui.extend.UiTabProvider;
import org.keycloak.services.ui.extend.UiTabProviderFactory;

/**
 * A tab of the pack under Realm settings in the admin console (Keycloak's admin UI extension SPI, feature
 * {@code declarative-ui}). The tab's id is its title; {@code tab} is the part of its URL after the realm.
 */
public abstract class PackTab implements UiTabProvider, UiTabProviderFactory<ComponentModel>,
        ServerInfoAwareProviderFactory {

    private final String id;
    private final String helpText;
    private final String tab;
    private KeycloakSessionFactory factory;

    protected PackTab(String id, String helpText, String tab) {
        this.id = id;
        this.helpText = helpText;
        this.tab = tab;
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public String getHelpText() {
        return helpText;
    }

    @Override
    public String getPath() {
        return "/:realm/realm-settings/:tab?";
    }

    @Override
    public Map<String, String> getParams() {
        return Map.of("tab", tab);
    }

    /** The server's session factory, once it is started: for a tab that shows live state. */
    protected KeycloakSessionFactory factory() {
        return factory;
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
        return PackInfo.operationalInfo(getClass());
    }
}
