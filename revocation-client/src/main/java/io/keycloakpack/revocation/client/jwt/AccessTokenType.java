package io.keycloakpack.revocation.client.jwt;

import java.util.Locale;
import java.util.Optional;

/**
 * Whether a verified JWT is an access token, not another JWT the same realm signs (ID tokens, logout tokens,
 * signed userinfo or introspection answers), as RFC 8725 §3.11 asks. An RFC 9068 header {@code typ: at+jwt}
 * settles it; otherwise Keycloak's own {@code typ} claim must say {@code Bearer}.
 */
public final class AccessTokenType {

    static final String KEYCLOAK_ACCESS_TOKEN_TYPE = "Bearer";

    private AccessTokenType() {
    }

    /** Empty for an access token; otherwise what it is instead, in words. */
    public static Optional<String> problem(String headerType, Object typeClaim) {
        String header = headerType == null ? "" : headerType.toLowerCase(Locale.ROOT);
        if (header.equals("at+jwt") || header.equals("application/at+jwt")) {
            return Optional.empty();
        }
        if (!header.isEmpty() && !header.equals("jwt")) {
            return Optional.of("Header typ '" + headerType + "' is not an access token's");
        }
        if (typeClaim instanceof String type && type.equalsIgnoreCase(KEYCLOAK_ACCESS_TOKEN_TYPE)) {
            return Optional.empty();
        }
        return Optional.of("Claim typ '" + typeClaim + "' is not an access token's (an ID token or another JWT)");
    }
}
