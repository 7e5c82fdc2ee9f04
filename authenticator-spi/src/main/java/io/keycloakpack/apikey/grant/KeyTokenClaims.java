package io.keycloakpack.apikey.grant;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keycloak.representations.AccessToken;

/**
 * The last word on a key-derived token's authority claims, after every protocol mapper of the client has run. The
 * token's session context already hides roles from role mappers, but any mapper may write any claim (a user
 * attribute or a hard-coded value mapped to {@code permissions} or {@code realm_access.roles}): whatever they wrote,
 * roles go and {@code permissions} keeps only the key's scopes.
 */
final class KeyTokenClaims {

    static final String PERMISSIONS = "permissions";
    private static final List<String> ROLE_CLAIMS = List.of("realm_access", "resource_access", "roles");

    private KeyTokenClaims() {
    }

    static void limitToKeyScopes(AccessToken token, Set<String> keyScopes) {
        token.setRealmAccess(null);
        token.setResourceAccess(null);
        Map<String, Object> claims = token.getOtherClaims();
        ROLE_CLAIMS.forEach(claims::remove);
        Object permissions = claims.remove(PERMISSIONS);
        if (permissions instanceof Collection<?> values) {
            claims.put(PERMISSIONS, values.stream().filter(keyScopes::contains).toList());
        } else if (permissions instanceof String value && keyScopes.contains(value)) {
            claims.put(PERMISSIONS, value);
        }
    }
}
