package io.keycloakpack.contract;

import java.util.Locale;
import java.util.Map;

/**
 * What the rotation policy tells the revocation listener through Keycloak's events about refresh-token families,
 * so that each ended family is revoked exactly once.
 */
public final class RefreshFamilyEvents {

    /**
     * Detail on every refresh-token event the rotation policy handles, with the value {@link #POLICY_ENDS_FAMILIES}:
     * a reuse error there is no revocation of its own, because the policy ends the family itself.
     */
    public static final String DETAIL_POLICY = "refresh_rotation";
    public static final String POLICY_ENDS_FAMILIES = "ends_families";
    /** The {@code reason} of the LOGOUT event by which the policy ends a family: the revocation. */
    public static final String FAMILY_ENDED_REASON = "refresh_token_reuse";

    private RefreshFamilyEvents() {
    }

    /**
     * Keycloak's refusal of a refresh token older than the one its client last used: a replay of an ancestor (or a
     * token from before a not-before, whose session a revocation already concerns).
     */
    public static final String STALE_TOKEN_REASON = "Stale token";

    /**
     * Whether the details of a {@code REFRESH_TOKEN_ERROR} say that Keycloak's own rotation refused a reused refresh
     * token (the last used, or an older one) with no rotation policy to end the family: then the session is the one
     * to revoke.
     */
    public static boolean isReuseLeftToListeners(Map<String, String> details) {
        String reason = details.getOrDefault("reason", "");
        return (reason.toLowerCase(Locale.ROOT).contains("reuse") || STALE_TOKEN_REASON.equals(reason))
                && !POLICY_ENDS_FAMILIES.equals(details.get(DETAIL_POLICY));
    }
}
