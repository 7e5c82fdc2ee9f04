package io.keycloakpack.mapper.roles;

import com.google.auto.service.AutoService;
import io.keycloakpack.mapper.claim.ListClaimMapper;
import io.keycloakpack.mapper.claim.MapperConfig;
import java.util.List;
import java.util.TreeSet;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.ProtocolMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * Realm and client roles as one flat array ({@code role}, {@code client:role}), including roles from groups and
 * composites, instead of Keycloak's nested {@code realm_access} / {@code resource_access}: the same roles, so a
 * client's role scope limits both alike and an API key's token carries neither.
 */
@AutoService(ProtocolMapper.class)
public final class FlattenedRolesMapper extends ListClaimMapper {

    public static final String PROVIDER_ID = "keycloak-pack-flattened-roles-mapper";
    public static final String DEFAULT_CLAIM = "roles";

    private static final List<ProviderConfigProperty> CONFIG_PROPERTIES = configProperties();

    @Override
    protected List<String> claimValue(MapperConfig config, UserSessionModel userSession, KeycloakSession session,
            ClientSessionContext clientSessionCtx) {
        RealmModel realm = userSession.getRealm();
        TreeSet<String> names = new TreeSet<>();
        // Keycloak's resolved roles for this token (composites expanded, the client's role scope applied), the same
        // set realm_access and resource_access are built from: empty for an API key's token.
        clientSessionCtx.getRolesStream().forEach(role -> names.add(
                role.isClientRole() ? clientRoleName(realm, role, config.clientRoleSeparator()) : role.getName()));
        return List.copyOf(names);
    }

    private static String clientRoleName(RealmModel realm, RoleModel role, String separator) {
        ClientModel client = realm.getClientById(role.getContainerId());
        return (client == null ? role.getContainerId() : client.getClientId()) + separator + role.getName();
    }

    @Override
    protected String defaultClaimName() {
        return DEFAULT_CLAIM;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Flattened roles (keycloak-pack)";
    }

    @Override
    public String getHelpText() {
        return "Adds realm and client roles, including those from groups and composites, as one flat array: "
                + "'role' for realm roles, 'client:role' for client roles.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG_PROPERTIES;
    }

    private static List<ProviderConfigProperty> configProperties() {
        List<ProviderConfigProperty> properties = ProviderConfigurationBuilder.create()
                .property().name(MapperConfig.CLIENT_ROLE_SEPARATOR).label("Client role separator")
                .helpText("Put between the client ID and the role name of client roles.")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(MapperConfig.DEFAULT_CLIENT_ROLE_SEPARATOR)
                .add().build();
        return withSharedProperties(properties, DEFAULT_CLAIM, FlattenedRolesMapper.class);
    }
}
