package io.keycloakpack.apikey.grant;

import java.util.Set;
import java.util.stream.Stream;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RoleModel;
import org.keycloak.rar.AuthorizationRequestContext;

/**
 * Keycloak's client session context for a key-derived token, with the two things that carry authority replaced:
 * the roles (none: every role mapper, {@code realm_access}, {@code resource_access} and the audience Keycloak
 * derives from client roles see an empty set) and the scope string (the key's own, from {@link KeyTokenScope}).
 * Everything else is Keycloak's.
 */
final class KeyScopedClientSessionContext implements ClientSessionContext {

    private final ClientSessionContext delegate;
    private final String scope;

    KeyScopedClientSessionContext(ClientSessionContext delegate, String scope) {
        this.delegate = delegate;
        this.scope = scope;
    }

    @Override
    public Stream<RoleModel> getRolesStream() {
        return Stream.empty();
    }

    @Override
    public String getScopeString() {
        return scope;
    }

    @Override
    public String getScopeString(boolean ignoreIncludeInTokenScope) {
        return scope;
    }

    @Override
    public AuthenticatedClientSessionModel getClientSession() {
        return delegate.getClientSession();
    }

    @Override
    public Set<String> getClientScopeIds() {
        return delegate.getClientScopeIds();
    }

    @Override
    public Stream<ClientScopeModel> getClientScopesStream() {
        return delegate.getClientScopesStream();
    }

    @Override
    public boolean isOfflineTokenRequested() {
        return false;
    }

    @Override
    public Stream<ProtocolMapperModel> getProtocolMappersStream() {
        return delegate.getProtocolMappersStream();
    }

    @Override
    public void setAttribute(String name, Object value) {
        delegate.setAttribute(name, value);
    }

    @Override
    public <T> T getAttribute(String attribute, Class<T> clazz) {
        return delegate.getAttribute(attribute, clazz);
    }

    @Override
    public AuthorizationRequestContext getAuthorizationRequestContext() {
        return delegate.getAuthorizationRequestContext();
    }
}
