package io.keycloakpack.apikey.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.keycloakpack.apikey.key.ApiKeyFormat;
import io.keycloakpack.support.lifespan.TokenLifespans;
import io.keycloakpack.support.policy.IntSetting;
import io.keycloakpack.support.policy.PolicySettings;
import io.keycloakpack.support.policy.RealmPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.keycloak.models.RealmModel;

/**
 * A realm's API-key policy, kept in realm attributes so that it shows in the realm's JSON, travels with realm
 * export/import and needs no table of its own. Missing, unreadable or out-of-range attributes are read as the
 * default or the nearest bound ({@link PolicySettings}), whichever door wrote them.
 *
 * @param prefix                start of every key issued in the realm, e.g. {@code sk_live_}
 * @param maxAgeDays            longest lifetime a key may be given; 0 means unlimited
 * @param expiryMandatory       whether every key must have an expiry
 * @param maxActiveKeysPerOwner how many usable keys one owner may hold
 * @param rotationGraceSeconds  how long a rotated-out key keeps working
 * @param tokenLifespanSeconds  lifetime of an access token obtained with a key
 * @param failuresPerKey        wrong secrets for one key id, from anywhere, before that key is locked for a while
 * @param failuresPerSource     wrong secrets from one address before that address is throttled
 */
public record ApiKeyPolicy(String prefix, int maxAgeDays, boolean expiryMandatory, int maxActiveKeysPerOwner,
        int rotationGraceSeconds, int tokenLifespanSeconds, int failuresPerKey, int failuresPerSource)
        implements RealmPolicy {

    public static final String ATTRIBUTE_PREFIX = TokenLifespans.API_KEY_ATTRIBUTE_PREFIX;

    static final IntSetting MAX_AGE_DAYS = new IntSetting("max-age-days", "maxAgeDays", 0, 0, 3650,
            "0 is unlimited");
    static final IntSetting MAX_ACTIVE_KEYS = new IntSetting("max-active-keys-per-owner", "maxActiveKeysPerOwner",
            10, 1, 1000, "");
    static final IntSetting ROTATION_GRACE = new IntSetting("rotation-grace-seconds", "rotationGraceSeconds",
            86_400, 0, 30 * 86_400, "30 days");
    static final IntSetting TOKEN_LIFESPAN = TokenLifespans.API_KEY_TOKEN_LIFESPAN;
    static final IntSetting FAILURES_PER_KEY = new IntSetting("failures-per-key", "failuresPerKey", 50, 3, 10_000,
            "");
    static final IntSetting FAILURES_PER_SOURCE = new IntSetting("failures-per-source", "failuresPerSource", 10, 3,
            10_000, "");

    public static final ApiKeyPolicy DEFAULTS = new ApiKeyPolicy(ApiKeyFormat.DEFAULT_PREFIX,
            MAX_AGE_DAYS.fallback(), false, MAX_ACTIVE_KEYS.fallback(), ROTATION_GRACE.fallback(),
            TOKEN_LIFESPAN.fallback(), FAILURES_PER_KEY.fallback(), FAILURES_PER_SOURCE.fallback());

    /** A policy from JSON; settings it leaves out keep their defaults (older clients know fewer of them). */
    @JsonCreator
    static ApiKeyPolicy fromJson(@JsonProperty("prefix") String prefix, @JsonProperty("maxAgeDays") Integer maxAgeDays,
            @JsonProperty("expiryMandatory") Boolean expiryMandatory,
            @JsonProperty("maxActiveKeysPerOwner") Integer maxActiveKeysPerOwner,
            @JsonProperty("rotationGraceSeconds") Integer rotationGraceSeconds,
            @JsonProperty("tokenLifespanSeconds") Integer tokenLifespanSeconds,
            @JsonProperty("failuresPerKey") Integer failuresPerKey,
            @JsonProperty("failuresPerSource") Integer failuresPerSource) {
        return new ApiKeyPolicy(prefix, or(maxAgeDays, MAX_AGE_DAYS), expiryMandatory != null && expiryMandatory,
                or(maxActiveKeysPerOwner, MAX_ACTIVE_KEYS), or(rotationGraceSeconds, ROTATION_GRACE),
                or(tokenLifespanSeconds, TOKEN_LIFESPAN), or(failuresPerKey, FAILURES_PER_KEY),
                or(failuresPerSource, FAILURES_PER_SOURCE));
    }

    /** The realm's policy as the pack acts on it: every stored value within its bounds. */
    public static ApiKeyPolicy of(RealmModel realm) {
        return read(PolicySettings.ofRealm(realm, ATTRIBUTE_PREFIX));
    }

    /** A policy as an admin typed it into the console tab, by setting name, read as typed for validation. */
    public static ApiKeyPolicy fromForm(Function<String, String> form, String realmName) {
        return read(PolicySettings.typed(form, realmName));
    }

    private static ApiKeyPolicy read(PolicySettings settings) {
        return new ApiKeyPolicy(
                settings.text("prefix", DEFAULTS.prefix, ApiKeyFormat::isValidPrefix),
                settings.integer(MAX_AGE_DAYS),
                settings.bool("expiry-mandatory", DEFAULTS.expiryMandatory),
                settings.integer(MAX_ACTIVE_KEYS),
                settings.integer(ROTATION_GRACE),
                settings.integer(TOKEN_LIFESPAN),
                settings.integer(FAILURES_PER_KEY),
                settings.integer(FAILURES_PER_SOURCE));
    }

    @Override
    public Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("prefix", prefix);
        settings.put(MAX_AGE_DAYS.name(), String.valueOf(maxAgeDays));
        settings.put("expiry-mandatory", String.valueOf(expiryMandatory));
        settings.put(MAX_ACTIVE_KEYS.name(), String.valueOf(maxActiveKeysPerOwner));
        settings.put(ROTATION_GRACE.name(), String.valueOf(rotationGraceSeconds));
        settings.put(TOKEN_LIFESPAN.name(), String.valueOf(tokenLifespanSeconds));
        settings.put(FAILURES_PER_KEY.name(), String.valueOf(failuresPerKey));
        settings.put(FAILURES_PER_SOURCE.name(), String.valueOf(failuresPerSource));
        return settings;
    }

    @Override
    public void save(RealmModel realm) {
        settings().forEach((name, value) -> realm.setAttribute(ATTRIBUTE_PREFIX + name, value));
    }

    @Override
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (!ApiKeyFormat.isValidPrefix(prefix)) {
            problems.add("prefix must match " + ApiKeyFormat.PREFIX_PATTERN.pattern() + ", e.g. "
                    + ApiKeyFormat.DEFAULT_PREFIX);
        }
        MAX_AGE_DAYS.check(maxAgeDays, problems);
        MAX_ACTIVE_KEYS.check(maxActiveKeysPerOwner, problems);
        ROTATION_GRACE.check(rotationGraceSeconds, problems);
        TOKEN_LIFESPAN.check(tokenLifespanSeconds, problems);
        FAILURES_PER_KEY.check(failuresPerKey, problems);
        FAILURES_PER_SOURCE.check(failuresPerSource, problems);
        return problems;
    }

    private static int or(Integer value, IntSetting setting) {
        return value == null ? setting.fallback() : value;
    }
}
