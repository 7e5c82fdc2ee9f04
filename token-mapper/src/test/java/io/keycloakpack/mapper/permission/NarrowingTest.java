package io.keycloakpack.mapper.permission;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class NarrowingTest {

    private final Set<String> owner = Set.of("events:read", "events:write", "billing:pay");

    @Test
    void apiKeyScopesKeepOnlyTheOwnersPermissionsTheKeyWasGiven() {
        assertThat(Narrowing.toApiKeyScopes(owner, "events:read")).containsExactly("events:read");
    }

    @Test
    void apiKeyScopesTheOwnerNoLongerHoldsAreNotGranted() {
        assertThat(Narrowing.toApiKeyScopes(owner, "events:read admin:all")).containsExactly("events:read");
    }

    @Test
    void keyWithNoScopesGrantsNothingWhileNoKeyChangesNothing() {
        assertThat(Narrowing.toApiKeyScopes(owner, "")).isEmpty();
        assertThat(Narrowing.toApiKeyScopes(owner, null)).isEqualTo(owner);
    }

    @Test
    void requestedPermissionScopesNarrowAndOtherScopesAreIgnored() {
        assertThat(Narrowing.toRequestedScopes(owner, "openid profile events:write"))
                .containsExactly("events:write");
        assertThat(Narrowing.toRequestedScopes(owner, "openid profile email")).isEqualTo(owner);
    }

    @Test
    void requestingAPermissionTheUserLacksNeverWidens() {
        assertThat(Narrowing.toRequestedScopes(owner, "openid admin:all")).isEmpty();
    }
}
