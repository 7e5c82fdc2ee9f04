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
 */
public record MapperConfig(String claimName, String roleAttribute, String clientId, boolean includeRoleNames,
        boolean narrowToScopes, String clientRoleSeparator) {

    public static final String ROLE_ATTRIBUTE = "keycloak-pack.role-attribute";
    public static final String CLIENT_ID = "keycloak-pack.client-id";
    public static final String INCLUDE_ROLE_NAMES = "keycloak-pack.include-role-names";
    public static final String NARROW_TO_SCOPES = "keycloak-pack.narrow-to-requested-scopes";
    public static final String CLIENT_ROLE_SEPARATOR = "keycloak-pack.client-role-separator";

    public static final String DEFAULT_ROLE_ATTRIBUTE = "permissions";
    public static final String DEFAULT_CLIENT_ROLE_SEPARATOR = ":";

    public static MapperConfig of(ProtocolMapperModel model, String defaultClaimName) {
        Map<String, String> config = model.getConfig() == null ? Map.of() : model.getConfig();
        return new MapperConfig(
                text(config, OIDCAttributeMapperHelper.TOKEN_CLAIM_NAME, defaultClaimName),
                text(config, ROLE_ATTRIBUTE, DEFAULT_ROLE_ATTRIBUTE),
                text(config, CLIENT_ID, null),
                Boolean.parseBoolean(config.get(INCLUDE_ROLE_NAMES)),
                !"false".equalsIgnoreCase(config.get(NARROW_TO_SCOPES)),
                text(config, CLIENT_ROLE_SEPARATOR, DEFAULT_CLIENT_ROLE_SEPARATOR));
    }

    private static String text(Map<String, String> config, String key, String fallback) {
        String value = config.get(key);
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
