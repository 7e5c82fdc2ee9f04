package io.keycloakpack.contract;

/**
 * The contract between the API-key module, which records every key's life as Keycloak events, and the
 * revocation listener, which turns a revoked key into a revocation of the tokens issued from it.
 */
public final class ApiKeyEvents {

    /** The {@code credential_type} detail of a key's lifecycle events, as Keycloak names a credential's type. */
    public static final String CREDENTIAL_TYPE = "api-key";

    /** Event detail: the public id of the key concerned. */
    public static final String DETAIL_KEY_ID = "api_key_id";

    /** Event detail: what happened to the key, one of the {@code ACTION_*} values. */
    public static final String DETAIL_ACTION = "api_key_action";

    public static final String ACTION_CREATE = "create";
    public static final String ACTION_ROTATE = "rotate";
    public static final String ACTION_REVOKE = "revoke";
    public static final String ACTION_USE = "use";

    /** Event detail of a rotation: the public id of the key the new one replaces (usable until its grace ends). */
    public static final String DETAIL_REPLACES = "api_key_replaces";

    /** Event detail of a revocation by someone other than the key's owner: {@link #REVOKED_BY_ADMIN}. */
    public static final String DETAIL_REVOKED_BY = "api_key_revoked_by";
    public static final String REVOKED_BY_ADMIN = "admin";

    /** Event detail of a revocation by a secret-scanning report: where the key was found. */
    public static final String DETAIL_LEAK_URL = "leak_url";

    /** Event error of an exchange refused because its key id or its caller's address made too many failures. */
    public static final String ERROR_THROTTLED = "api_key_throttled";

    /** Event error of an exchange refused because the caller's address is outside the key's allowlist. */
    public static final String ERROR_SOURCE_NOT_ALLOWED = "api_key_source_not_allowed";

    /** OAuth error (an extension code) of an exchange refused by the key's rate limits. */
    public static final String OAUTH_ERROR_RATE_LIMITED = "rate_limited";

    /** OAuth error (an extension code) of an exchange refused because the key's usage allowance is at zero. */
    public static final String OAUTH_ERROR_USAGE_EXHAUSTED = "usage_exhausted";

    /** Event error of an exchange refused because the key used up its exchanges per minute or per hour. */
    public static final String ERROR_RATE_LIMITED = "api_key_rate_limited";

    /** Event error of an exchange refused because the key's usage allowance is at zero. */
    public static final String ERROR_USAGE_EXHAUSTED = "api_key_usage_exhausted";

    private ApiKeyEvents() {
    }
}
