package io.keycloakpack.mapper.permission;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Parsed role permissions, per realm and role. An entry is valid exactly while the role's raw attribute values are
 * the ones it was parsed from: an edited attribute is re-read by the very next token, on every node of a cluster,
 * without any invalidation message. Removed roles and realms are dropped through Keycloak's provider events.
 */
public final class PermissionCache {

    private static final Logger LOG = Logger.getLogger(PermissionCache.class);

    private final Map<String, Map<String, RolePermissions>> byRealm = new ConcurrentHashMap<>();

    /** A role as the cache needs it: its id, its name (for the log) and the raw values of its attribute. */
    public record RoleAttribute(String roleId, String roleName, List<String> rawValues) {
    }

    /** The sorted union of the permissions the given roles grant. */
    public Set<String> union(String realmName, List<RoleAttribute> roles) {
        Set<String> permissions = new HashSet<>();
        for (RoleAttribute role : roles) {
            permissions.addAll(get(realmName, role.roleId(), role.roleName(), role.rawValues()).permissions());
        }
        return new TreeSet<>(permissions);
    }

    public RolePermissions get(String realmName, String roleId, String roleName, List<String> rawValues) {
        Map<String, RolePermissions> roles = byRealm.computeIfAbsent(realmName, realm -> new ConcurrentHashMap<>());
        RolePermissions cached = roles.get(roleId);
        if (cached != null && cached.rawValues().equals(rawValues)) {
            return cached;
        }
        RolePermissions parsed = RolePermissions.parse(rawValues);
        if (!parsed.rejected().isEmpty()) {
            // Once per change of the attribute, not once per token.
            LOG.warnf("Realm '%s', role '%s': skipped attribute values that are not permissions: %s",
                    realmName, roleName, parsed.rejected());
        }
        roles.put(roleId, parsed);
        return parsed;
    }

    public void forgetRole(String realmName, String roleId) {
        Map<String, RolePermissions> roles = byRealm.get(realmName);
        if (roles != null) {
            roles.remove(roleId);
        }
    }

    public void forgetRealm(String realmName) {
        byRealm.remove(realmName);
    }

    int size(String realmName) {
        Map<String, RolePermissions> roles = byRealm.get(realmName);
        return roles == null ? 0 : roles.size();
    }
}
