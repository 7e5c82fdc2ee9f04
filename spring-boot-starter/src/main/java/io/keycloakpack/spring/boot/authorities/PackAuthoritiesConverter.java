package io.keycloakpack.spring.boot.authorities;

import io.keycloakpack.contract.ApiKeyClaims;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;

/**
 * The authorities of a Keycloak token: Boot's usual {@code SCOPE_} ones, one per entry of the permissions claim
 * (with the configured prefix), and {@link ApiKeyAuthority} when an API key was exchanged for the token. A key's
 * token carries only the permissions the key was given, so a key never gains an authority its scopes do not name.
 */
public final class PackAuthoritiesConverter implements Converter<Jwt, Collection<GrantedAuthority>> {

    private final JwtGrantedAuthoritiesConverter scopes = new JwtGrantedAuthoritiesConverter();
    private final String permissionsClaim;
    private final String prefix;

    public PackAuthoritiesConverter(String permissionsClaim, String prefix) {
        this.permissionsClaim = permissionsClaim;
        this.prefix = prefix;
    }

    @Override
    public Collection<GrantedAuthority> convert(Jwt jwt) {
        List<GrantedAuthority> authorities = new ArrayList<>(scopes.convert(jwt));
        List<String> permissions = jwt.hasClaim(permissionsClaim) ? jwt.getClaimAsStringList(permissionsClaim)
                : List.of();
        for (String permission : permissions) {
            authorities.add(new SimpleGrantedAuthority(prefix + permission));
        }
        String keyId = jwt.getClaimAsString(ApiKeyClaims.API_KEY_ID_CLAIM);
        if (keyId != null) {
            authorities.add(new ApiKeyAuthority(keyId));
        }
        return authorities;
    }
}
