package io.keycloakpack.rotation.keys;

import io.keycloakpack.support.lifespan.TokenLifespans;
import io.keycloakpack.rotation.keys.KeyRotationStep.Adopt;
import io.keycloakpack.rotation.keys.KeyRotationStep.Publish;
import io.keycloakpack.rotation.keys.KeyRotationStep.Remove;
import io.keycloakpack.rotation.keys.KeyRotationStep.Update;
import io.keycloakpack.rotation.policy.RotationPolicy;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.common.util.Time;
import org.keycloak.component.ComponentModel;
import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.keys.KeyProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** Applies the {@link KeyRotationPlan} to one realm's {@code rsa-generated} key components. */
public final class SigningKeyRotator {

    static final String GENERATED_RSA = "rsa-generated";
    private static final String KEY_SIZE = "2048";
    private static final Logger LOG = Logger.getLogger(SigningKeyRotator.class);

    private final KeycloakSession session;
    private final RealmModel realm;

    public SigningKeyRotator(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    public void rotate(RotationPolicy policy) {
        long retain = Math.max(policy.keyRetainHours() * 3600L, TokenLifespans.longestSeconds(realm));
        KeyRotationPlan plan = new KeyRotationPlan(Time.currentTime(), policy.keyRotationDays() * 86_400L,
                policy.keyPublishAheadHours() * 3600L, retain);
        List<SigningKey> keys = components().stream().map(SigningKeyRotator::toSigningKey).toList();
        for (KeyRotationStep step : plan.steps(keys, signingUnmanagedKey(keys))) {
            apply(step);
        }
    }

    public List<SigningKeyState> state() {
        long now = Time.currentTime();
        Map<String, String> kids = session.keys().getKeysStream(realm)
                .filter(key -> key.getProviderId() != null && key.getKid() != null)
                .collect(Collectors.toMap(KeyWrapper::getProviderId, KeyWrapper::getKid, (a, b) -> a));
        return components().stream().map(component -> {
            SigningKey key = toSigningKey(component);
            return new SigningKeyState(component.getId(), component.getName(), kids.get(component.getId()),
                    status(key, now), key.managed() ? Instant.ofEpochSecond(key.activeFrom()).toString() : null);
        }).toList();
    }

    private static String status(SigningKey key, long now) {
        if (!key.managed()) {
            return "unmanaged";
        }
        if (!key.enabled()) {
            return "disabled";
        }
        if (key.activeFrom() > now) {
            return "published";
        }
        return key.active() ? "signing" : "retired";
    }

    private Optional<SigningKey> signingUnmanagedKey(List<SigningKey> keys) {
        return keys.stream().filter(key -> !key.managed() && key.enabled() && key.active())
                .max(Comparator.comparingInt(SigningKey::priority));
    }

    private void apply(KeyRotationStep step) {
        if (step instanceof Adopt adopt) {
            adopt(adopt);
        } else if (step instanceof Publish publish) {
            ComponentModel created = realm.addComponentModel(newKey(publish.activeFrom()));
            LOG.infof("Realm '%s': published the next RS256 signing key '%s'; it signs from %s",
                    realm.getName(), created.getName(), Instant.ofEpochSecond(publish.activeFrom()));
        } else if (step instanceof Update update) {
            update(update);
        } else if (step instanceof Remove remove) {
            ComponentModel component = realm.getComponent(remove.id());
            realm.removeComponent(component);
            LOG.infof("Realm '%s': removed retired signing key '%s'", realm.getName(), component.getName());
        }
    }

    private void adopt(Adopt adopt) {
        ComponentModel component = realm.getComponent(adopt.id());
        component.setName(ManagedKeyName.of(adopt.activeFrom()));
        component.getConfig().putSingle("priority", String.valueOf(KeyRotationPlan.SIGNING_PRIORITY));
        realm.updateComponent(component);
        LOG.infof("Realm '%s': signing key '%s' is now under scheduled rotation", realm.getName(),
                component.getId());
    }

    private void update(Update update) {
        ComponentModel component = realm.getComponent(update.id());
        component.getConfig().putSingle("enabled", String.valueOf(update.enabled()));
        component.getConfig().putSingle("active", String.valueOf(update.active()));
        component.getConfig().putSingle("priority", String.valueOf(update.priority()));
        realm.updateComponent(component);
        LOG.infof("Realm '%s': signing key '%s' is now %s", realm.getName(), component.getName(),
                update.active() ? "signing" : update.enabled() ? "retired (verifies only)" : "disabled");
    }

    private ComponentModel newKey(long activeFrom) {
        ComponentModel model = new ComponentModel();
        model.setName(ManagedKeyName.of(activeFrom));
        model.setParentId(realm.getId());
        model.setProviderId(GENERATED_RSA);
        model.setProviderType(KeyProvider.class.getName());
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        config.putSingle("priority", String.valueOf(KeyRotationPlan.SIGNING_PRIORITY));
        config.putSingle("enabled", "true");
        config.putSingle("active", "false");
        config.putSingle("algorithm", Algorithm.RS256);
        config.putSingle("keySize", KEY_SIZE);
        model.setConfig(config);
        return model;
    }

    private List<ComponentModel> components() {
        return realm.getComponentsStream(realm.getId(), KeyProvider.class.getName())
                .filter(component -> GENERATED_RSA.equals(component.getProviderId()))
                .filter(component -> Algorithm.RS256.equals(component.get("algorithm", Algorithm.RS256)))
                .toList();
    }

    private static SigningKey toSigningKey(ComponentModel component) {
        return new SigningKey(component.getId(), ManagedKeyName.activeFrom(component.getName()),
                component.get("enabled", true), component.get("active", true), component.get("priority", 0));
    }
}
