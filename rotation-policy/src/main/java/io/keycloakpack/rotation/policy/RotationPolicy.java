package io.keycloakpack.rotation.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import io.keycloakpack.support.policy.IntSetting;
import io.keycloakpack.support.policy.PolicySettings;
import io.keycloakpack.support.policy.RealmPolicy;
import org.keycloak.models.RealmModel;

/**
 * A realm's rotation policy, kept in realm attributes so that it travels with realm export/import. Applying it
 * also sets Keycloak's own refresh-token settings (see {@link #applyTo}); the pack adds what those lack.
 *
 * @param refreshRotation       rotate refresh tokens and revoke the whole family when a rotated-out one is replayed
 * @param refreshAbsoluteDays   no refresh succeeds this long after the login, whatever sliding expiry allows
 * @param refreshGraceSeconds   a repeated refresh of the same token within this window gets the same answer
 *                              instead of tripping reuse detection (lost responses, concurrent tabs)
 * @param keyRotationDays       how often a new RS256 signing key takes over; 0 leaves signing keys alone
 * @param keyPublishAheadHours  how long the next key sits in the JWKS before it signs anything
 * @param keyRetainHours        least time a retired key stays for verification; never less than the longest
 *                              token lifetime of the realm
 */
public record RotationPolicy(boolean refreshRotation, int refreshAbsoluteDays, int refreshGraceSeconds,
        int keyRotationDays, int keyPublishAheadHours, int keyRetainHours) implements RealmPolicy {

    public static final String ATTRIBUTE_PREFIX = "keycloak-pack.rotation.";

    static final IntSetting REFRESH_ABSOLUTE_DAYS = new IntSetting("refresh-absolute-days", "refreshAbsoluteDays",
            30, 30, 90, "");
    static final IntSetting REFRESH_GRACE = new IntSetting("refresh-grace-seconds", "refreshGraceSeconds", 2, 0, 10,
            "");
    static final IntSetting KEY_ROTATION_DAYS = new IntSetting("key-rotation-days", "keyRotationDays", 0, 0, 365,
            "0 is no rotation");
    static final IntSetting KEY_PUBLISH_AHEAD = new IntSetting("key-publish-ahead-hours", "keyPublishAheadHours", 24,
            1, 720, "");
    static final IntSetting KEY_RETAIN = new IntSetting("key-retain-hours", "keyRetainHours", 24, 0, 2160,
            "90 days");

    public static final RotationPolicy DEFAULTS = new RotationPolicy(false, REFRESH_ABSOLUTE_DAYS.fallback(),
            REFRESH_GRACE.fallback(), KEY_ROTATION_DAYS.fallback(), KEY_PUBLISH_AHEAD.fallback(),
            KEY_RETAIN.fallback());

    /** The realm's policy as the pack acts on it: every stored value within its bounds. */
    public static RotationPolicy of(RealmModel realm) {
        return read(PolicySettings.ofRealm(realm, ATTRIBUTE_PREFIX));
    }

    /** A policy as an admin typed it into the console tab, by setting name, read as typed for validation. */
    public static RotationPolicy fromForm(Function<String, String> form, String realmName) {
        return read(PolicySettings.typed(form, realmName));
    }

    private static RotationPolicy read(PolicySettings settings) {
        return new RotationPolicy(
                settings.bool("refresh-rotation", DEFAULTS.refreshRotation),
                settings.integer(REFRESH_ABSOLUTE_DAYS),
                settings.integer(REFRESH_GRACE),
                settings.integer(KEY_ROTATION_DAYS),
                settings.integer(KEY_PUBLISH_AHEAD),
                settings.integer(KEY_RETAIN));
    }

    @Override
    public Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("refresh-rotation", String.valueOf(refreshRotation));
        settings.put(REFRESH_ABSOLUTE_DAYS.name(), String.valueOf(refreshAbsoluteDays));
        settings.put(REFRESH_GRACE.name(), String.valueOf(refreshGraceSeconds));
        settings.put(KEY_ROTATION_DAYS.name(), String.valueOf(keyRotationDays));
        settings.put(KEY_PUBLISH_AHEAD.name(), String.valueOf(keyPublishAheadHours));
        settings.put(KEY_RETAIN.name(), String.valueOf(keyRetainHours));
        return settings;
    }

    public int refreshAbsoluteSeconds() {
        return refreshAbsoluteDays * 86_400;
    }

    public boolean rotatesKeys() {
        return keyRotationDays > 0;
    }

    @Override
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        REFRESH_ABSOLUTE_DAYS.check(refreshAbsoluteDays, problems);
        REFRESH_GRACE.check(refreshGraceSeconds, problems);
        KEY_ROTATION_DAYS.check(keyRotationDays, problems);
        KEY_PUBLISH_AHEAD.check(keyPublishAheadHours, problems);
        if (problems.isEmpty() && rotatesKeys() && keyPublishAheadHours >= keyRotationDays * 24) {
            problems.add("keyPublishAheadHours must be shorter than the rotation period");
        }
        KEY_RETAIN.check(keyRetainHours, problems);
        return problems;
    }

    /** Writes the realm attributes and applies Keycloak's own settings the policy builds on ({@link #applyTo}). */
    @Override
    public void save(RealmModel realm) {
        settings().forEach((name, value) -> realm.setAttribute(ATTRIBUTE_PREFIX + name, value));
        applyTo(realm);
    }

    /**
     * Sets Keycloak's own settings that the policy builds on: refresh-token revocation with no reuse (Keycloak
     * then detects a replayed token), and session maxima no longer than the absolute refresh lifetime, offline
     * sessions included. Maxima already shorter are kept.
     */
    void applyTo(RealmModel realm) {
        if (!refreshRotation) {
            return;
        }
        realm.setRevokeRefreshToken(true);
        realm.setRefreshTokenMaxReuse(0);
        int absolute = refreshAbsoluteSeconds();
        realm.setSsoSessionMaxLifespan(capped(realm.getSsoSessionMaxLifespan(), absolute));
        if (realm.getSsoSessionMaxLifespanRememberMe() > absolute) {
            realm.setSsoSessionMaxLifespanRememberMe(absolute);
        }
        int offlineMax = realm.isOfflineSessionMaxLifespanEnabled() ? realm.getOfflineSessionMaxLifespan() : 0;
        realm.setOfflineSessionMaxLifespanEnabled(true);
        realm.setOfflineSessionMaxLifespan(capped(offlineMax, absolute));
    }

    private static int capped(int current, int cap) {
        return current <= 0 ? cap : Math.min(current, cap);
    }
}
