package io.keycloakpack.support.lifespan;

import io.keycloakpack.support.policy.IntSetting;
import io.keycloakpack.support.policy.PolicySettings;
import org.keycloak.models.RealmModel;

/**
 * The longest an access token of a realm can live, which bounds how long a revocation must be kept and a retired
 * signing key published. Covers the realm's lifespans, per-client overrides and the API-key tokens' own lifespan,
 * whose setting is defined here, once, for the key policy and for these readers.
 */
public final class TokenLifespans {

    /** The key policy's realm attributes start with this. */
    public static final String API_KEY_ATTRIBUTE_PREFIX = "keycloak-pack.api-key.";
    /** Lifetime of an access token obtained with an API key. */
    public static final IntSetting API_KEY_TOKEN_LIFESPAN = new IntSetting("token-lifespan-seconds",
            "tokenLifespanSeconds", 900, 30, 86_400, "");

    static final String CLIENT_LIFESPAN = "access.token.lifespan";

    private TokenLifespans() {
    }

    /** Walks every client of the realm: call it outside a request's transaction, or through a cache. */
    public static int longestSeconds(RealmModel realm) {
        return Math.max(realmSeconds(realm), realm.getClientsStream()
                .mapToInt(client -> parse(client.getAttribute(CLIENT_LIFESPAN))).max().orElse(0));
    }

    /** The realm's own lifespans and the API-key tokens', without per-client overrides. */
    public static int realmSeconds(RealmModel realm) {
        int longest = Math.max(realm.getAccessTokenLifespan(), realm.getAccessTokenLifespanForImplicitFlow());
        return Math.max(longest, apiKeyTokenSeconds(realm));
    }

    public static int apiKeyTokenSeconds(RealmModel realm) {
        return PolicySettings.ofRealm(realm, API_KEY_ATTRIBUTE_PREFIX).integer(API_KEY_TOKEN_LIFESPAN);
    }

    private static int parse(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
