package io.keycloakpack.revocation.rotation.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jboss.logging.Logger;
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
        int keyRotationDays, int keyPublishAheadHours, int keyRetainHours) {

    public static final String ATTRIBUTE_PREFIX = "keycloak-pack.rotation.";
    public static final RotationPolicy DEFAULTS = new RotationPolicy(false, 30, 2, 0, 24, 24);

    private static final Logger LOG = Logger.getLogger(RotationPolicy.class);

    public static RotationPolicy of(RealmModel realm) {
        return from(name -> realm.getAttribute(ATTRIBUTE_PREFIX + name), realm.getName());
    }

    /** Reads a policy by setting name ({@code refresh-rotation}, ...), e.g. from the admin-console tab. */
    public static RotationPolicy from(Function<String, String> settings, String realmName) {
        return new RotationPolicy(
                read(settings, realmName, "refresh-rotation", Boolean::valueOf, DEFAULTS.refreshRotation),
                read(settings, realmName, "refresh-absolute-days", Integer::valueOf, DEFAULTS.refreshAbsoluteDays),
                read(settings, realmName, "refresh-grace-seconds", Integer::valueOf, DEFAULTS.refreshGraceSeconds),
                read(settings, realmName, "key-rotation-days", Integer::valueOf, DEFAULTS.keyRotationDays),
                read(settings, realmName, "key-publish-ahead-hours", Integer::valueOf,
                        DEFAULTS.keyPublishAheadHours),
                read(settings, realmName, "key-retain-hours", Integer::valueOf, DEFAULTS.keyRetainHours));
    }

    /** The policy by setting name, as realm attributes (after {@value #ATTRIBUTE_PREFIX}) and the tab hold it. */
    public Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("refresh-rotation", String.valueOf(refreshRotation));
        settings.put("refresh-absolute-days", String.valueOf(refreshAbsoluteDays));
        settings.put("refresh-grace-seconds", String.valueOf(refreshGraceSeconds));
        settings.put("key-rotation-days", String.valueOf(keyRotationDays));
        settings.put("key-publish-ahead-hours", String.valueOf(keyPublishAheadHours));
        settings.put("key-retain-hours", String.valueOf(keyRetainHours));
        return settings;
    }

    public int refreshAbsoluteSeconds() {
        return refreshAbsoluteDays * 86_400;
    }

    public boolean rotatesKeys() {
        return keyRotationDays > 0;
    }

    /** What is wrong with this policy, in words an admin can act on; empty when it is valid. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (refreshAbsoluteDays < 30 || refreshAbsoluteDays > 90) {
            problems.add("refreshAbsoluteDays must be between 30 and 90");
        }
        if (refreshGraceSeconds < 0 || refreshGraceSeconds > 10) {
            problems.add("refreshGraceSeconds must be between 0 and 10");
        }
        if (keyRotationDays < 0 || keyRotationDays > 365) {
            problems.add("keyRotationDays must be between 0 (no rotation) and 365");
        }
        if (keyPublishAheadHours < 1 || keyPublishAheadHours > 720) {
            problems.add("keyPublishAheadHours must be between 1 and 720");
        } else if (rotatesKeys() && keyPublishAheadHours >= keyRotationDays * 24) {
            problems.add("keyPublishAheadHours must be shorter than the rotation period");
        }
        if (keyRetainHours < 0 || keyRetainHours > 2160) {
            problems.add("keyRetainHours must be between 0 and 2160 (90 days)");
        }
        return problems;
    }

    public void writeTo(RealmModel realm) {
        settings().forEach((name, value) -> realm.setAttribute(ATTRIBUTE_PREFIX + name, value));
    }

    /**
     * Sets Keycloak's own settings that the policy builds on: refresh-token revocation with no reuse (Keycloak
     * then detects a replayed token), and session maxima no longer than the absolute refresh lifetime, offline
     * sessions included. Maxima already shorter are kept.
     */
    public void applyTo(RealmModel realm) {
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
