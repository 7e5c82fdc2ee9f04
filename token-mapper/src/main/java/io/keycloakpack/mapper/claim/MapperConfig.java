package io.keycloakpack.mapper.claim;

import java.util.Map;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;

/**
 * The pack mappers' configuration, read null-safely from the mapper model with the documented defaults. Reading
 * is a few map look-ups, done per token because Keycloak hands the model to every call.
 *
 * @param claimName           the claim to write
 * @param roleAttribute       role attribute holding permissions
 * @param clientId            when set, only this client's roles count
 * @param includeRoleNames    permissions mapper: also add role names
 * @param narrowToScopes      permissions mapper: narrow to granted OAuth scopes that name permissions
 * @param clientRoleSeparator flattened roles mapper: between client id and role name
 * @param maxValues           both: most values the claim carries (read within 1..{@value #MAX_VALUES_BOUND}; an
 *                            unreadable setting, refused on save but possible through import, reads as the default)
 */
public record MapperConfig(String claimName, String roleAttribute, String clientId, boolean includeRoleNames,
        boolean narrowToScopes, String clientRoleSeparator, int maxValues) {

    public static final String ROLE_ATTRIBUTE = "keycloak-pack.role-attribute";
    public static final String CLIENT_ID = "keycloak-pack.client-id";
    public static final String INCLUDE_ROLE_NAMES = "keycloak-pack.include-role-names";
    public static final String NARROW_TO_SCOPES = "keycloak-pack.narrow-to-requested-scopes";
    public static final String CLIENT_ROLE_SEPARATOR = "keycloak-pack.client-role-separator";
    public static final String MAX_VALUES = "keycloak-pack.max-values";

    public static final String DEFAULT_ROLE_ATTRIBUTE = "permissions";
    public static final String DEFAULT_CLIENT_ROLE_SEPARATOR = ":";
    /** 256 permissions of ~20 characters keep a token near 8 KiB, what most servers accept in a header. */
    public static final int DEFAULT_MAX_VALUES = 256;
    public static final int MAX_VALUES_BOUND = 5000;
    private static final int UNREADABLE = Integer.MIN_VALUE;

    public static MapperConfig of(ProtocolMapperModel model, String defaultClaimName) {
        Map<String, String> config = model.getConfig() == null ? Map.of() : model.getConfig();
        return new MapperConfig(
                text(config, OIDCAttributeMapperHelper.TOKEN_CLAIM_NAME, defaultClaimName),
                text(config, ROLE_ATTRIBUTE, DEFAULT_ROLE_ATTRIBUTE),
                text(config, CLIENT_ID, null),
                Boolean.parseBoolean(config.get(INCLUDE_ROLE_NAMES)),
                !"false".equalsIgnoreCase(config.get(NARROW_TO_SCOPES)),
                text(config, CLIENT_ROLE_SEPARATOR, DEFAULT_CLIENT_ROLE_SEPARATOR),
                count(config.get(MAX_VALUES)));
    }

    /** Whether a stored most-values setting is one the mapper may be saved with. */
    public static boolean isValidMaxValues(String value) {
        int parsed = parsedMaxValues(value);
        return parsed >= 1 && parsed <= MAX_VALUES_BOUND;
    }

    /** Read per token: within the bounds, the default when unreadable. */
    private static int count(String value) {
        int parsed = parsedMaxValues(value);
        return parsed == UNREADABLE ? DEFAULT_MAX_VALUES : Math.max(1, Math.min(MAX_VALUES_BOUND, parsed));
    }

    /** The setting as stored: the default when unset, {@link #UNREADABLE} when not a whole number. */
    private static int parsedMaxValues(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_MAX_VALUES;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return UNREADABLE;
        }
    }

    private static String text(Map<String, String> config, String key, String fallback) {
        String value = config.get(key);
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
