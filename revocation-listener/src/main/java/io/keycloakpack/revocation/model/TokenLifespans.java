package io.keycloakpack.revocation.model;

import org.keycloak.models.RealmModel;

/**
 * The longest an access token of a realm can live, which bounds how long a not-before entry must stay in Redis.
 * Covers the realm's lifespans, per-client overrides and the API-key tokens' own lifespan.
 */
public final class TokenLifespans {

    /** The realm attribute of authenticator-spi's key policy, read here without depending on that module. */
    static final String API_KEY_TOKEN_LIFESPAN = "keycloak-pack.api-key.token-lifespan-seconds";
    static final int API_KEY_TOKEN_LIFESPAN_DEFAULT = 900;
    static final String CLIENT_LIFESPAN = "access.token.lifespan";

    private TokenLifespans() {
    }

    /** Walks every client of the realm: call it outside a request's transaction, or through the cache. */
    public static int longestSeconds(RealmModel realm) {
        return Math.max(realmSeconds(realm), realm.getClientsStream()
                .mapToInt(client -> parse(client.getAttribute(CLIENT_LIFESPAN), 0)).max().orElse(0));
    }

    /** The realm's own lifespans and the API-key tokens', without per-client overrides. */
    static int realmSeconds(RealmModel realm) {
        int longest = Math.max(realm.getAccessTokenLifespan(), realm.getAccessTokenLifespanForImplicitFlow());
        return Math.max(longest, parse(realm.getAttribute(API_KEY_TOKEN_LIFESPAN), API_KEY_TOKEN_LIFESPAN_DEFAULT));
    }

    private static int parse(String value, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
