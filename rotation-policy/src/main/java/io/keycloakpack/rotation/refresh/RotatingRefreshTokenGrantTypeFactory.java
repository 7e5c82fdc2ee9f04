package io.keycloakpack.rotation.refresh;

import com.google.auto.service.AutoService;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;
import org.keycloak.protocol.oidc.grants.OAuth2GrantTypeFactory;
import org.keycloak.protocol.oidc.grants.RefreshTokenGrantTypeFactory;
import org.keycloak.models.KeycloakSession;

/**
 * Takes Keycloak's {@code refresh_token} grant over (same id, higher order) so that every refresh passes the
 * realm's rotation policy; realms without the policy get Keycloak's grant unchanged.
 */
@AutoService(OAuth2GrantTypeFactory.class)
public final class RotatingRefreshTokenGrantTypeFactory extends RefreshTokenGrantTypeFactory {

    @Override
    public OAuth2GrantType create(KeycloakSession session) {
        return new RotatingRefreshTokenGrantType();
    }

    @Override
    public int order() {
        return 10;
    }
}
