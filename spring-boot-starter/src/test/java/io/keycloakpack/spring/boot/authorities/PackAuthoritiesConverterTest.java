package io.keycloakpack.spring.boot.authorities;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

class PackAuthoritiesConverterTest {

    @Test
    void permissionsBecomeAuthoritiesBesideBootsScopeOnes() {
        Jwt jwt = token().claim("scope", "openid profile").claim("permissions", List.of("documents:read")).build();

        assertThat(names(new PackAuthoritiesConverter("permissions", "").convert(jwt)))
                .containsExactlyInAnyOrder("SCOPE_openid", "SCOPE_profile", "documents:read");
    }

    @Test
    void configuredPrefixIsPutBeforeEachPermission() {
        Jwt jwt = token().claim("permissions", List.of("documents:read", "documents:write")).build();

        assertThat(names(new PackAuthoritiesConverter("permissions", "PERMISSION_").convert(jwt)))
                .containsExactlyInAnyOrder("PERMISSION_documents:read", "PERMISSION_documents:write");
    }

    @Test
    void keyDerivedTokenNamesItsKeyAndAPersonsTokenNamesNone() {
        Jwt keyToken = token().claim("api_key_id", "kcpack_ab12").build();
        PackAuthoritiesConverter converter = new PackAuthoritiesConverter("permissions", "");

        var keyAuthorities = converter.convert(keyToken);
        assertThat(names(keyAuthorities)).containsExactly("API_KEY");
        assertThat(ApiKeyAuthority.of(new TestingAuthenticationToken("k", null, List.copyOf(keyAuthorities))))
                .map(ApiKeyAuthority::keyId).contains("kcpack_ab12");
        assertThat(ApiKeyAuthority.of(new TestingAuthenticationToken("p", null,
                List.copyOf(converter.convert(token().build()))))).isEmpty();
    }

    @Test
    void tokenWithoutPermissionsClaimHasNoPermissionAuthorities() {
        assertThat(new PackAuthoritiesConverter("permissions", "").convert(token().build())).isEmpty();
    }

    private static Jwt.Builder token() {
        return Jwt.withTokenValue("t").header("alg", "RS256").subject("user-1").issuedAt(Instant.now())
                .expiresAt(Instant.now().plusSeconds(60));
    }

    private static List<String> names(java.util.Collection<GrantedAuthority> authorities) {
        return authorities.stream().map(GrantedAuthority::getAuthority).toList();
    }
}
