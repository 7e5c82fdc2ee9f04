package io.keycloakpack.support.console;

import io.keycloakpack.support.policy.RealmPolicy;
import java.util.List;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.ui.extend.UiTabProvider;

/**
 * A tab that edits one of the pack's realm policies: saving validates it in words and writes the realm attributes
 * the pack reads; the policy's REST endpoint calls {@link #showInTab} so that both always show the same policy.
 */
public abstract class PolicyTab extends PackTab {

    protected PolicyTab(String id, String helpText, String tab) {
        super(id, helpText, tab);
    }

    /** The policy as the admin typed it into the tab's form. */
    protected abstract RealmPolicy fromForm(ComponentModel model, RealmModel realm);

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) {
        List<String> problems = fromForm(model, realm).problems();
        if (!problems.isEmpty()) {
            throw new ComponentValidationException(String.join("; ", problems));
        }
    }

    @Override
    public void onCreate(KeycloakSession session, RealmModel realm, ComponentModel model) {
        fromForm(model, realm).save(realm);
    }

    @Override
    public void onUpdate(KeycloakSession session, RealmModel realm, ComponentModel oldModel, ComponentModel newModel) {
        fromForm(newModel, realm).save(realm);
    }

    /** After the policy changed elsewhere (REST, import): the realm's tab {@code tabId}, if ever saved, shows it. */
    public static void showInTab(KeycloakSession session, RealmModel realm, String tabId, RealmPolicy policy) {
        if (session.getKeycloakSessionFactory().getProviderFactory(UiTabProvider.class, tabId) == null) {
            return;
        }
        realm.getComponentsStream(realm.getId(), UiTabProvider.class.getName())
                .filter(component -> tabId.equals(component.getProviderId())).findFirst()
                .ifPresent(component -> {
                    MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
                    policy.settings().forEach(config::putSingle);
                    component.setConfig(config);
                    realm.updateComponent(component);
                });
    }
}
