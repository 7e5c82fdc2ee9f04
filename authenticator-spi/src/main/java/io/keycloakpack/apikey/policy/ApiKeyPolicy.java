package io.keycloakpack.apikey.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.keycloakpack.apikey.key.ApiKeyFormat;
import io.keycloakpack.apikey.usage.UsageLimits;
import io.keycloakpack.support.lifespan.TokenLifespans;
import io.keycloakpack.support.policy.IntSetting;
import io.keycloakpack.support.policy.PolicySettings;
import io.keycloakpack.support.policy.RealmPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.keycloak.models.RealmModel;

/**
 * A realm's API-key policy, kept in realm attributes so that it shows in the realm's JSON, travels with realm
 * export/import and needs no table of its own. Missing, unreadable or out-of-range attributes are read as the
 * default or the nearest bound ({@link PolicySettings}), whichever door wrote them.
 *
 * @param prefix                start of every key issued in the realm from now on, e.g. {@code kcpack_}
 * @param maxAgeDays            longest lifetime a key may be given; 0 means unlimited
 * @param expiryMandatory       whether every key must have an expiry
 * @param maxActiveKeysPerOwner how many usable keys one owner may hold
 * @param rotationGraceSeconds  how long a rotated-out key keeps working
 * @param tokenLifespanSeconds  lifetime of an access token obtained with a key
 * @param failuresPerKey        wrong secrets for one key id, from anywhere, before that key is locked for a while
 * @param failuresPerSource     wrong secrets from one address before that address is throttled
 * @param audienceMandatory     whether every new key must name the resource servers its tokens are for
 * @param allowlistMandatory    whether every new key must name the addresses it may be used from
 * @param expiryNoticeDays      how many days before a key expires its owner is emailed; 0: never
 * @param secretScanningKeysUrl where the secret-scanning partner publishes the keys it signs reports with;
 *                              {@value #SECRET_SCANNING_OFF} switches the realm's secret-scanning endpoint off
 * @param maxExchangesPerMinute the most exchanges per minute any key may make (a key may be given less); 0: none
 * @param maxExchangesPerHour   the most exchanges per hour any key may make (a key may be given less); 0: none
 */
public record ApiKeyPolicy(String prefix, int maxAgeDays, boolean expiryMandatory, int maxActiveKeysPerOwner,
        int rotationGraceSeconds, int tokenLifespanSeconds, int failuresPerKey, int failuresPerSource,
        boolean audienceMandatory, boolean allowlistMandatory, int expiryNoticeDays, String secretScanningKeysUrl,
        int maxExchangesPerMinute, int maxExchangesPerHour) implements RealmPolicy {

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
    /** The longest notice a realm may give of a key's expiry. */
    public static final int MAX_EXPIRY_NOTICE_DAYS = 365;
    static final IntSetting EXPIRY_NOTICE_DAYS = new IntSetting("expiry-notice-days", "expiryNoticeDays", 7, 0,
            MAX_EXPIRY_NOTICE_DAYS, "0 sends no notice");
    static final IntSetting MAX_PER_MINUTE = new IntSetting("max-exchanges-per-minute",
            "maxExchangesPerMinute", 0, 0, UsageLimits.MAX_RATE, "0 is no limit");
    static final IntSetting MAX_PER_HOUR = new IntSetting("max-exchanges-per-hour",
            "maxExchangesPerHour", 0, 0, UsageLimits.MAX_RATE, "0 is no limit");
    static final String EXPIRY_MANDATORY = "expiry-mandatory";
    static final String AUDIENCE_MANDATORY = "audience-mandatory";
    static final String ALLOWLIST_MANDATORY = "allowlist-mandatory";
    static final String SECRET_SCANNING_KEYS_URL = "secret-scanning-keys-url";
    /** GitHub's secret-scanning partner program. */
    public static final String GITHUB_SIGNER_KEYS_URL = "https://api.github.com/meta/public_keys/secret_scanning";
    /** The keys URL that switches the realm's secret-scanning endpoint off. */
    public static final String SECRET_SCANNING_OFF = "off";
    private static final Pattern KEYS_URL = Pattern.compile("https?://[^\\s]{1,500}|" + SECRET_SCANNING_OFF);

    public static final ApiKeyPolicy DEFAULTS = new ApiKeyPolicy(ApiKeyFormat.DEFAULT_PREFIX,
            MAX_AGE_DAYS.fallback(), false, MAX_ACTIVE_KEYS.fallback(), ROTATION_GRACE.fallback(),
            TOKEN_LIFESPAN.fallback(), FAILURES_PER_KEY.fallback(), FAILURES_PER_SOURCE.fallback(), false, false,
            EXPIRY_NOTICE_DAYS.fallback(), GITHUB_SIGNER_KEYS_URL, MAX_PER_MINUTE.fallback(),
            MAX_PER_HOUR.fallback());

    /** A policy from JSON; settings it leaves out keep their defaults (older clients know fewer of them). */
    @JsonCreator
    static ApiKeyPolicy fromJson(@JsonProperty("prefix") String prefix, @JsonProperty("maxAgeDays") Integer maxAgeDays,
            @JsonProperty("expiryMandatory") Boolean expiryMandatory,
            @JsonProperty("maxActiveKeysPerOwner") Integer maxActiveKeysPerOwner,
            @JsonProperty("rotationGraceSeconds") Integer rotationGraceSeconds,
            @JsonProperty("tokenLifespanSeconds") Integer tokenLifespanSeconds,
            @JsonProperty("failuresPerKey") Integer failuresPerKey,
            @JsonProperty("failuresPerSource") Integer failuresPerSource,
            @JsonProperty("audienceMandatory") Boolean audienceMandatory,
            @JsonProperty("allowlistMandatory") Boolean allowlistMandatory,
            @JsonProperty("expiryNoticeDays") Integer expiryNoticeDays,
            @JsonProperty("secretScanningKeysUrl") String secretScanningKeysUrl,
            @JsonProperty("maxExchangesPerMinute") Integer maxExchangesPerMinute,
            @JsonProperty("maxExchangesPerHour") Integer maxExchangesPerHour) {
        return new ApiKeyPolicy(prefix, or(maxAgeDays, MAX_AGE_DAYS), Boolean.TRUE.equals(expiryMandatory),
                or(maxActiveKeysPerOwner, MAX_ACTIVE_KEYS), or(rotationGraceSeconds, ROTATION_GRACE),
                or(tokenLifespanSeconds, TOKEN_LIFESPAN), or(failuresPerKey, FAILURES_PER_KEY),
                or(failuresPerSource, FAILURES_PER_SOURCE), Boolean.TRUE.equals(audienceMandatory),
                Boolean.TRUE.equals(allowlistMandatory), or(expiryNoticeDays, EXPIRY_NOTICE_DAYS),
                secretScanningKeysUrl == null ? GITHUB_SIGNER_KEYS_URL : secretScanningKeysUrl,
                or(maxExchangesPerMinute, MAX_PER_MINUTE), or(maxExchangesPerHour, MAX_PER_HOUR));
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
                settings.bool(EXPIRY_MANDATORY, DEFAULTS.expiryMandatory),
                settings.integer(MAX_ACTIVE_KEYS),
                settings.integer(ROTATION_GRACE),
                settings.integer(TOKEN_LIFESPAN),
                settings.integer(FAILURES_PER_KEY),
                settings.integer(FAILURES_PER_SOURCE),
                settings.bool(AUDIENCE_MANDATORY, DEFAULTS.audienceMandatory),
                settings.bool(ALLOWLIST_MANDATORY, DEFAULTS.allowlistMandatory),
                settings.integer(EXPIRY_NOTICE_DAYS),
                settings.text(SECRET_SCANNING_KEYS_URL, DEFAULTS.secretScanningKeysUrl, ApiKeyPolicy::isKeysUrl),
                settings.integer(MAX_PER_MINUTE),
                settings.integer(MAX_PER_HOUR));
    }

    @Override
    public Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("prefix", prefix);
        settings.put(MAX_AGE_DAYS.name(), String.valueOf(maxAgeDays));
        settings.put(EXPIRY_MANDATORY, String.valueOf(expiryMandatory));
        settings.put(MAX_ACTIVE_KEYS.name(), String.valueOf(maxActiveKeysPerOwner));
        settings.put(ROTATION_GRACE.name(), String.valueOf(rotationGraceSeconds));
        settings.put(TOKEN_LIFESPAN.name(), String.valueOf(tokenLifespanSeconds));
        settings.put(FAILURES_PER_KEY.name(), String.valueOf(failuresPerKey));
        settings.put(FAILURES_PER_SOURCE.name(), String.valueOf(failuresPerSource));
        settings.put(AUDIENCE_MANDATORY, String.valueOf(audienceMandatory));
        settings.put(ALLOWLIST_MANDATORY, String.valueOf(allowlistMandatory));
        settings.put(EXPIRY_NOTICE_DAYS.name(), String.valueOf(expiryNoticeDays));
        settings.put(SECRET_SCANNING_KEYS_URL, secretScanningKeysUrl);
        settings.put(MAX_PER_MINUTE.name(), String.valueOf(maxExchangesPerMinute));
        settings.put(MAX_PER_HOUR.name(), String.valueOf(maxExchangesPerHour));
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
        if (!isKeysUrl(secretScanningKeysUrl)) {
            problems.add("secretScanningKeysUrl must be an http(s) URL of at most 500 characters, or '"
                    + SECRET_SCANNING_OFF + "'");
        }
        MAX_AGE_DAYS.check(maxAgeDays, problems);
        MAX_ACTIVE_KEYS.check(maxActiveKeysPerOwner, problems);
        ROTATION_GRACE.check(rotationGraceSeconds, problems);
        TOKEN_LIFESPAN.check(tokenLifespanSeconds, problems);
        FAILURES_PER_KEY.check(failuresPerKey, problems);
        FAILURES_PER_SOURCE.check(failuresPerSource, problems);
        EXPIRY_NOTICE_DAYS.check(expiryNoticeDays, problems);
        MAX_PER_MINUTE.check(maxExchangesPerMinute, problems);
        MAX_PER_HOUR.check(maxExchangesPerHour, problems);
        return problems;
    }

    public boolean secretScanningEnabled() {
        return !SECRET_SCANNING_OFF.equals(secretScanningKeysUrl);
    }

    private static boolean isKeysUrl(String url) {
        return url != null && KEYS_URL.matcher(url).matches();
    }

    /** What a key may use: its own limits, under the realm's maximum rates. */
    public UsageLimits limitsOf(UsageLimits own) {
        return own.withinRates(maxExchangesPerMinute, maxExchangesPerHour);
    }

    private static int or(Integer value, IntSetting setting) {
        return value == null ? setting.fallback() : value;
    }
}
