package io.keycloakpack.apikey.grant;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The {@code scope} of a key-derived token: the key's scopes that its owner still holds, narrowed further to the
 * permission-shaped scopes ({@code resource:action}) the request names, if it names any. Never more than the key
 * was given, whatever the request or the realm's client scopes say.
 */
public final class KeyTokenScope {

    private KeyTokenScope() {
    }

    public static Set<String> of(String keyScopes, Set<String> ownerPermissions, String requestedScope) {
        Set<String> granted = new TreeSet<>(words(keyScopes));
        granted.retainAll(ownerPermissions);
        Set<String> requestedPermissions = words(requestedScope).stream().filter(word -> word.indexOf(':') > 0)
                .collect(Collectors.toSet());
        if (!requestedPermissions.isEmpty()) {
            granted.retainAll(requestedPermissions);
        }
        return granted;
    }

    private static Set<String> words(String text) {
        if (text == null || text.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(text.trim().split("\\s+")).collect(Collectors.toSet());
    }
}
