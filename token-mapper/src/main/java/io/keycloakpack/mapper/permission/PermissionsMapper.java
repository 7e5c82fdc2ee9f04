package io.keycloakpack.mapper.permission;

import com.google.auto.service.AutoService;
import io.keycloakpack.contract.ApiKeyClaims;
import io.keycloakpack.mapper.claim.ListClaimMapper;
import io.keycloakpack.mapper.claim.MapperConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleContainerModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.utils.RoleUtils;
import org.keycloak.protocol.ProtocolMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * Auth0-style {@code permissions} claim: the permissions named by the {@code permissions} attribute of every role
 * the user has (realm and client roles, through groups and composites of any depth), deduplicated and sorted;
 * narrowed to an API key's scopes when the token comes from a key, and to the granted OAuth scopes that name
 * permissions.
 */
@AutoService(ProtocolMapper.class)
public final class PermissionsMapper extends ListClaimMapper {

    public static final String PROVIDER_ID = "keycloak-pack-permissions-mapper";

    private static final List<ProviderConfigProperty> CONFIG_PROPERTIES = configProperties();

    private final PermissionCache cache = new PermissionCache();

    @Override
    protected List<String> claimValue(MapperConfig config, UserSessionModel userSession, KeycloakSession session,
            ClientSessionContext clientSessionCtx) {
        RealmModel realm = userSession.getRealm();
        Set<RoleModel> roles = rolesInScope(config, realm, RoleUtils.getDeepUserRoleMappings(userSession.getUser()));
        List<PermissionCache.RoleAttribute> attributes = new ArrayList<>();
        for (RoleModel role : roles) {
            List<String> raw = role.getAttributeStream(config.roleAttribute()).toList();
            if (!raw.isEmpty()) {
                attributes.add(new PermissionCache.RoleAttribute(role.getId(), role.getName(), raw));
            }
        }
        Set<String> permissions = cache.union(realm.getName(), attributes);
        permissions = Narrowing.toApiKeyScopes(permissions, userSession.getNote(ApiKeyClaims.API_KEY_SCOPES_NOTE));
        if (config.narrowToScopes()) {
            permissions = Narrowing.toRequestedScopes(permissions, clientSessionCtx.getScopeString());
        }
        List<String> value = new ArrayList<>(permissions);
        if (config.includeRoleNames()) {
            roles.stream().map(RoleModel::getName).sorted().forEach(value::add);
        }
        return value;
    }

    private static Set<RoleModel> rolesInScope(MapperConfig config, RealmModel realm, Set<RoleModel> roles) {
        if (config.clientId() == null) {
            return roles;
        }
        ClientModel client = realm.getClientByClientId(config.clientId());
        if (client == null) {
            return Set.of();
        }
        Set<RoleModel> clientRoles = new java.util.HashSet<>();
        for (RoleModel role : roles) {
            if (role.isClientRole() && client.getId().equals(role.getContainerId())) {
                clientRoles.add(role);
            }
        }
        return clientRoles;
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof RoleContainerModel.RoleRemovedEvent removed
                    && removed.getKeycloakSession().getContext().getRealm() != null) {
                cache.forgetRole(removed.getKeycloakSession().getContext().getRealm().getName(),
                        removed.getRole().getId());
            } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
                cache.forgetRealm(removed.getRealm().getName());
            }
        });
    }

    @Override
    protected String defaultClaimName() {
        return ApiKeyClaims.PERMISSIONS_CLAIM;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Permissions (keycloak-pack)";
    }

    @Override
    public String getHelpText() {
        return "Adds the permissions named by the user's roles (role attribute 'permissions', through groups and "
                + "composites) as one flat, sorted array, narrowed by an API key's scopes and by requested "
                + "permission scopes.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG_PROPERTIES;
    }

    private static List<ProviderConfigProperty> configProperties() {
        List<ProviderConfigProperty> properties = ProviderConfigurationBuilder.create()
                .property().name(MapperConfig.ROLE_ATTRIBUTE).label("Role attribute")
                .helpText("Role attribute whose values (space separated or multi-valued) are permissions.")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(MapperConfig.DEFAULT_ROLE_ATTRIBUTE).add()
                .property().name(MapperConfig.CLIENT_ID).label("Only roles of client")
                .helpText("When set, only the roles of this client (by client ID) contribute permissions.")
                .type(ProviderConfigProperty.CLIENT_LIST_TYPE).add()
                .property().name(MapperConfig.INCLUDE_ROLE_NAMES).label("Include role names")
                .helpText("Also add the names of the roles themselves to the claim.")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("false").add()
                .property().name(MapperConfig.NARROW_TO_SCOPES).label("Narrow to requested permission scopes")
                .helpText("When the granted OAuth scopes include permission-shaped scopes (resource:action), keep "
                        + "only those permissions.")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("true").add()
                .build();
        return withSharedProperties(properties, ApiKeyClaims.PERMISSIONS_CLAIM, PermissionsMapper.class);
    }
}
