package io.keycloakpack.mapper.claim;

import io.keycloakpack.contract.PackInfo;
import java.util.List;
import java.util.Map;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperContainerModel;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.ProtocolMapperConfigException;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.protocol.oidc.mappers.UserInfoTokenMapper;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.representations.IDToken;

/**
 * The pack's mappers: each puts one flat, sorted array of strings under a configurable claim name, in the tokens
 * chosen with Keycloak's usual toggles (access token, ID token, userinfo, introspection).
 */
public abstract class ListClaimMapper extends AbstractOIDCProtocolMapper implements OIDCAccessTokenMapper,
        OIDCIDTokenMapper, UserInfoTokenMapper, TokenIntrospectionTokenMapper, ServerInfoAwareProviderFactory {

    static final String INVALID_CONFIG_MESSAGE_KEY = "keycloakPackInvalidMapperConfig";

    /** The claim's value for this user and client session; never null. */
    protected abstract List<String> claimValue(MapperConfig config, UserSessionModel userSession,
            KeycloakSession session, ClientSessionContext clientSessionCtx);

    @Override
    protected final void setClaim(IDToken token, ProtocolMapperModel mappingModel, UserSessionModel userSession,
            KeycloakSession session, ClientSessionContext clientSessionCtx) {
        MapperConfig config = MapperConfig.of(mappingModel, defaultClaimName());
        token.getOtherClaims().put(config.claimName(), claimValue(config, userSession, session, clientSessionCtx));
    }

    protected abstract String defaultClaimName();

    @Override
    public void validateConfig(KeycloakSession session, RealmModel realm, ProtocolMapperContainerModel container,
            ProtocolMapperModel mapperModel) throws ProtocolMapperConfigException {
        MapperConfig config = MapperConfig.of(mapperModel, defaultClaimName());
        if (!config.claimName().matches("[A-Za-z_][A-Za-z0-9_.:-]{0,99}")) {
            throw invalid("Invalid claim name \"" + config.claimName()
                    + "\": use letters, digits, _ . : and -, starting with a letter or _");
        }
        if (config.clientId() != null && realm.getClientByClientId(config.clientId()) == null) {
            throw invalid("No client \"" + config.clientId() + "\" in realm \"" + realm.getName() + "\"");
        }
    }

    /** Keycloak formats the message with MessageFormat under this key (absent from its bundles: shown as is). */
    private static ProtocolMapperConfigException invalid(String message) {
        return new ProtocolMapperConfigException(message, INVALID_CONFIG_MESSAGE_KEY);
    }

    @Override
    public String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return PackInfo.operationalInfo(getClass());
    }

}
