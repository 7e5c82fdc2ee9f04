package io.keycloakpack.mapper.claim;

import io.keycloakpack.contract.ApiKeyClaims;
import io.keycloakpack.contract.PackInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperContainerModel;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.ProtocolMapperConfigException;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.protocol.oidc.mappers.UserInfoTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.representations.IDToken;

/**
 * The pack's mappers: each puts one flat, sorted array of strings under a configurable claim name, in the tokens
 * chosen with Keycloak's usual toggles (access token, ID token, userinfo, introspection).
 */
public abstract class ListClaimMapper extends AbstractOIDCProtocolMapper implements OIDCAccessTokenMapper,
        OIDCIDTokenMapper, UserInfoTokenMapper, TokenIntrospectionTokenMapper, ServerInfoAwareProviderFactory {

    static final String INVALID_CONFIG_MESSAGE_KEY = "keycloakPackInvalidMapperConfig";

    /**
     * Claims that Keycloak, OIDC, OAuth or the pack give a meaning of their own: a list written over one of them
     * would break or forge the token, so a mapper may not be saved with one of these names.
     */
    public static final Set<String> RESERVED_CLAIMS = Set.of("iss", "sub", "aud", "exp", "nbf", "iat", "jti", "typ",
            "azp", "auth_time", "nonce", "acr", "amr", "sid", "session_state", "scope", "scp", "cnf", "at_hash",
            "c_hash", "s_hash", "act", "may_act", "client_id", "realm_access", "resource_access", "allowed-origins",
            "preferred_username", "email", "email_verified", "name", ApiKeyClaims.API_KEY_ID_CLAIM);

    private static final Logger LOG = Logger.getLogger(ListClaimMapper.class);
    private static final Set<String> WARNED_CAPS = ConcurrentHashMap.newKeySet();

    /** The claim's value for this user and client session; never null. */
    protected abstract List<String> claimValue(MapperConfig config, UserSessionModel userSession,
            KeycloakSession session, ClientSessionContext clientSessionCtx);

    @Override
    protected final void setClaim(IDToken token, ProtocolMapperModel mappingModel, UserSessionModel userSession,
            KeycloakSession session, ClientSessionContext clientSessionCtx) {
        MapperConfig config = MapperConfig.of(mappingModel, defaultClaimName());
        List<String> value = claimValue(config, userSession, session, clientSessionCtx);
        token.getOtherClaims().put(config.claimName(), capped(value, config, mappingModel, userSession));
    }

    /** At most {@code maxValues} entries (the first in order), so no token outgrows what HTTP headers carry. */
    private static List<String> capped(List<String> value, MapperConfig config, ProtocolMapperModel mapper,
            UserSessionModel userSession) {
        if (value.size() <= config.maxValues()) {
            return value;
        }
        String realm = userSession.getRealm().getName();
        if (WARNED_CAPS.size() < 1000 && WARNED_CAPS.add(realm + '\u0000' + mapper.getId() + '\u0000' + value.size())) {
            LOG.warnf("Realm '%s', mapper '%s': claim '%s' has %d values, more than its cap of %d; the token "
                    + "carries the first %d", realm, mapper.getName(), config.claimName(), value.size(),
                    config.maxValues(), config.maxValues());
        }
        return List.copyOf(value.subList(0, config.maxValues()));
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
        if (RESERVED_CLAIMS.contains(config.claimName())) {
            throw invalid("Claim name \"" + config.claimName() + "\" is reserved: the token already gives it a "
                    + "meaning of its own");
        }
        if (mapperModel.getConfig() != null
                && !MapperConfig.isValidMaxValues(mapperModel.getConfig().get(MapperConfig.MAX_VALUES))) {
            throw invalid("Most values must be between 1 and " + MapperConfig.MAX_VALUES_BOUND);
        }
        if (config.clientId() != null && realm.getClientByClientId(config.clientId()) == null) {
            throw invalid("No client \"" + config.clientId() + "\" in realm \"" + realm.getName() + "\"");
        }
    }

    /** A mapper's own properties, then those every pack mapper has: most values, claim name, token toggles. */
    protected static List<ProviderConfigProperty> withSharedProperties(List<ProviderConfigProperty> own,
            String defaultClaimName, Class<? extends ListClaimMapper> mapper) {
        List<ProviderConfigProperty> properties = new ArrayList<>(own);
        properties.addAll(ProviderConfigurationBuilder.create()
                .property().name(MapperConfig.MAX_VALUES).label("Most values")
                .helpText("The claim carries at most this many values (the first, in sorted order) and a warning is "
                        + "logged, so that no token outgrows what HTTP headers carry; 1 to "
                        + MapperConfig.MAX_VALUES_BOUND + ".")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(MapperConfig.DEFAULT_MAX_VALUES))
                .add().build());
        OIDCAttributeMapperHelper.addTokenClaimNameConfig(properties);
        properties.get(properties.size() - 1).setDefaultValue(defaultClaimName);
        OIDCAttributeMapperHelper.addIncludeInTokensConfig(properties, mapper);
        return List.copyOf(properties);
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
