package io.keycloakpack.spring.boot.authorities;

import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * Granted to a token that an API key was exchanged for, naming the key: {@code hasAuthority('API_KEY')} tells such
 * callers from people, and {@link #of(Authentication)} gives the key's public id (its {@code api_key_id} claim).
 */
public record ApiKeyAuthority(String keyId) implements GrantedAuthority {

    public static final String AUTHORITY = "API_KEY";

    @Override
    public String getAuthority() {
        return AUTHORITY;
    }

    /** The API key behind this authentication, if a key was exchanged for its token. */
    public static Optional<ApiKeyAuthority> of(Authentication authentication) {
        if (authentication == null) {
            return Optional.empty();
        }
        return authentication.getAuthorities().stream()
                .filter(ApiKeyAuthority.class::isInstance)
                .map(ApiKeyAuthority.class::cast)
                .findFirst();
    }
}
