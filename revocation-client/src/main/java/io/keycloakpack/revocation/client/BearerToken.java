package io.keycloakpack.revocation.client;

/** Reads RFC 6750's {@code Authorization: Bearer <token>} header, as every stack of the pack does. */
public final class BearerToken {

    private static final String SCHEME = "Bearer ";

    private BearerToken() {
    }

    /** The token the header carries (the scheme read case-insensitively), or null for no header or another scheme. */
    public static String from(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return null;
        }
        return authorization.substring(SCHEME.length()).trim();
    }
}
