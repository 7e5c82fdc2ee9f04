package io.keycloakpack.support.policy;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jboss.logging.Logger;
import org.keycloak.models.RealmModel;

/**
 * A realm's policy settings as stored (realm attributes, or an admin-console tab's form), read by setting name.
 * Every value is taken within its bounds where it is read, so every door that writes it (REST, console tab, realm
 * API, realm import) ends in the same policy: a value out of range is replaced by the nearest bound and an
 * unreadable one by the default, each with one warning per realm, attribute and value (not one per request).
 */
public final class PolicySettings {

    private static final Logger LOG = Logger.getLogger(PolicySettings.class);
    private static final int MAX_REMEMBERED_WARNINGS = 1000;
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private final Function<String, String> settings;
    private final String attributePrefix;
    private final String realmName;
    private final boolean bounded;

    private PolicySettings(Function<String, String> settings, String attributePrefix, String realmName,
            boolean bounded) {
        this.settings = settings;
        this.attributePrefix = attributePrefix;
        this.realmName = realmName;
        this.bounded = bounded;
    }

    /**
     * Stored settings, each read within its bounds: what the pack acts on.
     *
     * @param settings        setting name to stored value (null when unset)
     * @param attributePrefix what the realm attribute names carry before the setting name, for the log
     */
    public static PolicySettings stored(Function<String, String> settings, String attributePrefix, String realmName) {
        return new PolicySettings(settings, attributePrefix, realmName, true);
    }

    /** A realm's stored settings: realm attributes named {@code attributePrefix + setting name}. */
    public static PolicySettings ofRealm(RealmModel realm, String attributePrefix) {
        return stored(name -> realm.getAttribute(attributePrefix + name), attributePrefix, realm.getName());
    }

    /**
     * Settings as an admin typed them into a form, read as they are (an unreadable number as one below every
     * bound), so that validation can refuse them in words instead of quietly bounding them.
     */
    public static PolicySettings typed(Function<String, String> settings, String realmName) {
        return new PolicySettings(settings, "", realmName, false);
    }

    public int integer(IntSetting setting) {
        String value = stored(setting.name());
        if (value == null) {
            return setting.fallback();
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            if (!bounded) {
                return Integer.MIN_VALUE;
            }
            warn(setting.name(), value, "is not a whole number", String.valueOf(setting.fallback()));
            return setting.fallback();
        }
        if (!bounded) {
            return parsed;
        }
        int bounded = Math.max(setting.min(), Math.min(setting.max(), parsed));
        if (bounded != parsed) {
            warn(setting.name(), value, "is outside " + setting.min() + ".." + setting.max(), String.valueOf(bounded));
        }
        return bounded;
    }

    public boolean bool(String name, boolean fallback) {
        String value = stored(name);
        if (value == null) {
            return fallback;
        }
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            warn(name, value, "is neither true nor false", String.valueOf(fallback));
            return fallback;
        }
        return Boolean.parseBoolean(value);
    }

    public String text(String name, String fallback, Predicate<String> valid) {
        String value = stored(name);
        if (value == null) {
            return fallback;
        }
        if (bounded && !valid.test(value)) {
            warn(name, value, "is not allowed", fallback);
            return fallback;
        }
        return value;
    }

    private String stored(String name) {
        String value = settings.apply(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private void warn(String name, String value, String problem, String used) {
        if (WARNED.size() > MAX_REMEMBERED_WARNINGS) {
            WARNED.clear();
        }
        if (WARNED.add(realmName + '\u0000' + name + '\u0000' + value)) {
            LOG.warnf("Realm '%s': attribute '%s%s' value '%s' %s; using '%s'", realmName, attributePrefix, name,
                    value, problem, used);
        }
    }
}
