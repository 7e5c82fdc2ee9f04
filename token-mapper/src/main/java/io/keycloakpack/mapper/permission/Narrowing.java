package io.keycloakpack.mapper.permission;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Narrowing never widens: each step keeps a subset of what it was given. */
public final class Narrowing {

    private Narrowing() {
    }

    /** The owner's permissions that the API key was given; {@code keyScopes} null means no key was used. */
    public static Set<String> toApiKeyScopes(Set<String> permissions, String keyScopes) {
        if (keyScopes == null) {
            return permissions;
        }
        Set<String> narrowed = new TreeSet<>(permissions);
        narrowed.retainAll(words(keyScopes));
        return narrowed;
    }

    /**
     * When the granted OAuth scopes name permissions ({@code events:read}), only those; otherwise unchanged, so that
     * clients that request no permission scopes get everything their user has.
     */
    public static Set<String> toRequestedScopes(Set<String> permissions, String grantedScopes) {
        Set<String> requested = words(grantedScopes).stream().filter(PermissionGrammar::namesPermission)
                .collect(Collectors.toSet());
        if (requested.isEmpty()) {
            return permissions;
        }
        Set<String> narrowed = new TreeSet<>(permissions);
        narrowed.retainAll(requested);
        return narrowed;
    }

    private static Set<String> words(String text) {
        if (text == null || text.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(text.trim().split("\\s+")).collect(Collectors.toSet());
    }
}
