package io.keycloakpack.mapper.permission;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The permissions one role grants by itself, parsed from the raw values of its attribute (space separated and/or
 * multi-valued), and the words that were not permissions.
 */
public record RolePermissions(List<String> rawValues, Set<String> permissions, List<String> rejected) {

    public static RolePermissions parse(List<String> rawValues) {
        Set<String> permissions = new TreeSet<>();
        List<String> rejected = new ArrayList<>();
        for (String value : rawValues) {
            Arrays.stream(value.trim().split("\\s+")).filter(word -> !word.isEmpty()).forEach(word -> {
                if (PermissionGrammar.isPermission(word)) {
                    permissions.add(word);
                } else {
                    rejected.add(word);
                }
            });
        }
        return new RolePermissions(List.copyOf(rawValues), Set.copyOf(permissions), List.copyOf(rejected));
    }
}
