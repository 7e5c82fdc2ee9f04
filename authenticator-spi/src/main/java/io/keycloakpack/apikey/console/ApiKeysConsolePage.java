package io.keycloakpack.apikey.console;

import com.google.auto.service.AutoService;
import io.keycloakpack.support.provider.PackProviderFactory;
import java.util.List;
import org.keycloak.component.ComponentModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.ui.extend.UiPageProvider;
import org.keycloak.services.ui.extend.UiPageProviderFactory;

/**
 * The "API keys" entry in the admin console's navigation (Keycloak's admin UI extension SPI, feature
 * {@code declarative-ui}): it links {@code #/{realm}/page-section/api-keys}, which the pack's admin theme
 * ({@code keycloak-pack}) answers with the realm's keys, an owner filter and a revoke action. The SPI itself renders
 * only forms of settings, so without the pack's admin theme the page shows this provider's help text and nothing
 * to set.
 */
@AutoService(UiPageProviderFactory.class)
public final class ApiKeysConsolePage extends PackProviderFactory
        implements UiPageProvider, UiPageProviderFactory<ComponentModel> {

    /** Also the nav entry's message key and the last segment of the page's route in the admin theme. */
    public static final String PROVIDER_ID = "api-keys";

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "The realm's API keys, with an owner filter and a revoke action: select the keycloak-pack admin "
                + "theme for the master realm (Realm settings, Themes) to list them here";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }
}
