package io.keycloakpack.apikey.grant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.AccessToken;

class KeyTokenClaimsTest {

    private static final Set<String> KEY_SCOPES = Set.of("events:read");

    @Test
    void permissionsAMapperWroteBeyondTheKeysScopesAreDropped() {
        AccessToken token = new AccessToken();
        token.setOtherClaims(KeyTokenClaims.PERMISSIONS, List.of("events:read", "events:admin"));

        KeyTokenClaims.limitToKeyScopes(token, KEY_SCOPES);

        assertThat(token.getOtherClaims()).containsEntry(KeyTokenClaims.PERMISSIONS, List.of("events:read"));
    }

    @Test
    void aSinglePermissionOutsideTheKeysScopesRemovesTheClaimAndOneInsideStays() {
        AccessToken outside = new AccessToken();
        outside.setOtherClaims(KeyTokenClaims.PERMISSIONS, "events:admin");
        AccessToken inside = new AccessToken();
        inside.setOtherClaims(KeyTokenClaims.PERMISSIONS, "events:read");

        KeyTokenClaims.limitToKeyScopes(outside, KEY_SCOPES);
        KeyTokenClaims.limitToKeyScopes(inside, KEY_SCOPES);

        assertThat(outside.getOtherClaims()).doesNotContainKey(KeyTokenClaims.PERMISSIONS);
        assertThat(inside.getOtherClaims()).containsEntry(KeyTokenClaims.PERMISSIONS, "events:read");
    }

    @Test
    void rolesWrittenByAnyMapperAreDropped() {
        AccessToken token = new AccessToken();
        token.setOtherClaims("realm_access", Map.of("roles", List.of("admin")));
        token.setOtherClaims("resource_access", Map.of("realm-management", Map.of("roles", List.of("realm-admin"))));
        token.setOtherClaims("roles", List.of("admin"));
        token.addAccess("realm-management").addRole("realm-admin");
        token.setOtherClaims("email", "alice@example.com");

        KeyTokenClaims.limitToKeyScopes(token, KEY_SCOPES);

        assertThat(token.getOtherClaims()).containsOnlyKeys("email");
        assertThat(token.getRealmAccess()).isNull();
        assertThat(token.getResourceAccess()).isNullOrEmpty();
    }
}
