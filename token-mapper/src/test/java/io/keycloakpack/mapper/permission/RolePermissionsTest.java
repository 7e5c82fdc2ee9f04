package io.keycloakpack.mapper.permission;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RolePermissionsTest {

    @Test
    void valuesMayBeSpaceSeparatedOrMultiValued() {
        RolePermissions parsed = RolePermissions.parse(List.of("events:read  events:write", "billing:pay"));
        assertThat(parsed.permissions()).containsExactlyInAnyOrder("events:read", "events:write", "billing:pay");
        assertThat(parsed.rejected()).isEmpty();
    }

    @Test
    void wordsThatAreNotPermissionsAreRejectedNotGranted() {
        RolePermissions parsed = RolePermissions.parse(List.of("events:read <script> drop;table", "x".repeat(200)));
        assertThat(parsed.permissions()).containsExactly("events:read");
        assertThat(parsed.rejected()).hasSize(3);
    }

    @Test
    void cacheReparsesWhenTheAttributeChangesAndForgetsRemovedRoles() {
        PermissionCache cache = new PermissionCache();
        RolePermissions first = cache.get("demo", "r1", "reader", List.of("events:read"));
        assertThat(cache.get("demo", "r1", "reader", List.of("events:read"))).isSameAs(first);
        assertThat(cache.get("demo", "r1", "reader", List.of("events:read events:write")).permissions())
                .containsExactlyInAnyOrder("events:read", "events:write");
        cache.forgetRole("demo", "r1");
        assertThat(cache.size("demo")).isZero();
        cache.get("demo", "r2", "writer", List.of("events:write"));
        cache.forgetRealm("demo");
        assertThat(cache.size("demo")).isZero();
    }
}
