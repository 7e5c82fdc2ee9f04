package io.keycloakpack.contract;

/**
 * The contract between the API-key authenticator (which writes these notes when a key is exchanged) and the
 * token mappers (which read them to narrow permissions), and between the pack and resource servers (claims).
 */
public final class ApiKeyClaims {

    /** Access-token claim naming the API key a token was issued from; absent on interactive tokens. */
    public static final String API_KEY_ID_CLAIM = "api_key_id";

    /** Access-token claim with the fine-grained permissions, Auth0 style. */
    public static final String PERMISSIONS_CLAIM = "permissions";

    /** User-session note holding the public id of the key used to authenticate. */
    public static final String API_KEY_ID_NOTE = "keycloak-pack.api-key.id";

    /** User-session note holding the key's scopes, space separated, as granted when the key was made. */
    public static final String API_KEY_SCOPES_NOTE = "keycloak-pack.api-key.scopes";

    private ApiKeyClaims() {
    }
}
