package io.keycloakpack.revocation.status;

import com.google.auto.service.AutoService;
import io.keycloakpack.revocation.outbox.RevocationOutbox;
import io.keycloakpack.support.console.PackTab;
import java.time.Instant;
import java.util.List;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.ui.extend.UiTabProviderFactory;

/**
 * Realm settings → "Revocation (keycloak-pack)": whether Redis takes revocations and how many wait in the outbox,
 * as of the time the admin console loaded. A status, not a setting: nothing here is stored.
 */
@AutoService(UiTabProviderFactory.class)
public final class RevocationStatusTab extends PackTab {

    public static final String PROVIDER_ID = "Revocation (keycloak-pack)";
    static final String TAB = "keycloak-pack-revocation";
    static final String STATUS = "status";

    public RevocationStatusTab() {
        super(PROVIDER_ID, "The state of the Redis revocation list and of the outbox that feeds it", TAB);
    }

    /** Asked whenever the admin console loads the server's component types, so the status line is that fresh. */
    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        ProviderConfigProperty status = new ProviderConfigProperty(STATUS, "Redis and outbox", "As of the time "
                + "the admin console loaded; revocations wait in the outbox while Redis is unreachable",
                ProviderConfigProperty.STRING_TYPE, status(), false);
        status.setReadOnly(true);
        return List.of(status);
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) {
        // The status is shown, never stored: a saved copy would go stale.
        model.getConfig().remove(STATUS);
    }

    private String status() {
        if (factory() == null) {
            return "unknown";
        }
        return KeycloakModelUtils.runJobInTransactionWithResult(factory(), session -> {
            RevocationOutbox outbox = session.getProvider(RevocationOutbox.class);
            return (outbox.isRedisReachable() ? "Redis reachable" : "Redis UNREACHABLE") + "; outbox depth "
                    + outbox.depth() + " (at " + Instant.now().toString().substring(0, 19) + "Z)";
        });
    }
}
