package io.keycloakpack.apikey.policy;

import io.keycloakpack.apikey.key.ApiKeyFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.keycloak.models.RealmModel;

/**
 * A realm's API-key policy, kept in realm attributes so that it shows in the realm's JSON, travels with realm
 * export/import and needs no table of its own. Missing or unreadable attributes fall back to the defaults.
 *
 * @param prefix               start of every key issued in the realm, e.g. {@code sk_live_}
 * @param maxAgeDays           longest lifetime a key may be given; 0 means unlimited
 * @param expiryMandatory      whether every key must have an expiry
 * @param maxActiveKeysPerOwner how many usable keys one owner may hold
 * @param rotationGraceSeconds how long a rotated-out key keeps working
 * @param tokenLifespanSeconds lifetime of an access token obtained with a key
 */
public record ApiKeyPolicy(String prefix, int maxAgeDays, boolean expiryMandatory, int maxActiveKeysPerOwner,
        int rotationGraceSeconds, int tokenLifespanSeconds) {

    public static final String ATTRIBUTE_PREFIX = "keycloak-pack.api-key.";
    public static final ApiKeyPolicy DEFAULTS = new ApiKeyPolicy("sk_live_", 0, false, 10, 86_400, 900);

    private static final Logger LOG = Logger.getLogger(ApiKeyPolicy.class);

    public static ApiKeyPolicy of(RealmModel realm) {
        return from(name -> realm.getAttribute(ATTRIBUTE_PREFIX + name), realm.getName());
    }

    /** Reads a policy by setting name ({@code prefix}, {@code max-age-days}, ...), e.g. from the admin-console tab. */
    public static ApiKeyPolicy from(Function<String, String> settings, String realmName) {
        return new ApiKeyPolicy(
                read(settings, realmName, "prefix", Function.identity(), DEFAULTS.prefix),
                read(settings, realmName, "max-age-days", Integer::valueOf, DEFAULTS.maxAgeDays),
                read(settings, realmName, "expiry-mandatory", Boolean::valueOf, DEFAULTS.expiryMandatory),
                read(settings, realmName, "max-active-keys-per-owner", Integer::valueOf,
                        DEFAULTS.maxActiveKeysPerOwner),
                read(settings, realmName, "rotation-grace-seconds", Integer::valueOf, DEFAULTS.rotationGraceSeconds),
                read(settings, realmName, "token-lifespan-seconds", Integer::valueOf,
                        DEFAULTS.tokenLifespanSeconds));
    }

    /** The policy by setting name, as realm attributes (after {@value #ATTRIBUTE_PREFIX}) and the tab hold it. */
    public Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("prefix", prefix);
        settings.put("max-age-days", String.valueOf(maxAgeDays));
        settings.put("expiry-mandatory", String.valueOf(expiryMandatory));
        settings.put("max-active-keys-per-owner", String.valueOf(maxActiveKeysPerOwner));
        settings.put("rotation-grace-seconds", String.valueOf(rotationGraceSeconds));
        settings.put("token-lifespan-seconds", String.valueOf(tokenLifespanSeconds));
        return settings;
    }

    public void writeTo(RealmModel realm) {
        settings().forEach((name, value) -> realm.setAttribute(ATTRIBUTE_PREFIX + name, value));
    }

    /** What is wrong with this policy, in words an admin can act on; empty when it is valid. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (!ApiKeyFormat.isValidPrefix(prefix)) {
            problems.add("prefix must match " + ApiKeyFormat.PREFIX_PATTERN.pattern() + ", e.g. sk_live_");
        }
        if (maxAgeDays < 0 || maxAgeDays > 3650) {
            problems.add("maxAgeDays must be between 0 (unlimited) and 3650");
        }
        if (maxActiveKeysPerOwner < 1 || maxActiveKeysPerOwner > 1000) {
            problems.add("maxActiveKeysPerOwner must be between 1 and 1000");
        }
        if (rotationGraceSeconds < 0 || rotationGraceSeconds > 30 * 86_400) {
            problems.add("rotationGraceSeconds must be between 0 and 2592000 (30 days)");
        }
        if (tokenLifespanSeconds < 30 || tokenLifespanSeconds > 86_400) {
            problems.add("tokenLifespanSeconds must be between 30 and 86400");
        }
        return problems;
    }

    private static <T> T read(Function<String, String> settings, String realmName, String name,
            Function<String, T> parse, T fallback) {
        String value = settings.apply(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return parse.apply(value.trim());
        } catch (RuntimeException e) {
            LOG.warnf("Realm '%s': attribute '%s%s' has unreadable value '%s'; using the default '%s'",
                    realmName, ATTRIBUTE_PREFIX, name, value, fallback);
            return fallback;
        }
    }
}
