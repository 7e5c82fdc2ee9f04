package io.keycloakpack.apikey.permission;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.RoleUtils;

/**
 * The permissions a key owner holds now: the {@code permissions} attribute of every role the owner has, directly,
 * through groups or through composites. A key can be given no scope outside this set.
 */
public final class OwnerPermissions {

    public static final String ROLE_ATTRIBUTE = "permissions";

    private OwnerPermissions() {
    }

    public static Set<String> of(UserModel owner) {
        Set<String> permissions = new TreeSet<>();
        for (RoleModel role : RoleUtils.getDeepUserRoleMappings(owner)) {
            role.getAttributeStream(ROLE_ATTRIBUTE)
                    .flatMap(value -> Arrays.stream(value.trim().split("\\s+")))
                    .filter(permission -> !permission.isEmpty())
                    .forEach(permissions::add);
        }
        return permissions;
    }
}
