package io.keycloakpack.mapper.permission;

import java.util.regex.Pattern;

/**
 * What a permission may look like: {@code resource:action} style words such as {@code events:read},
 * {@code billing.invoices:write} or {@code admin:*}. Anything else in a role attribute is a mistake to report, not
 * a permission to grant.
 */
public final class PermissionGrammar {

    public static final Pattern PERMISSION = Pattern.compile("[a-z0-9_.*-]+(:[a-z0-9_.*-]+)*",
            Pattern.CASE_INSENSITIVE);
    public static final int MAX_LENGTH = 128;

    private PermissionGrammar() {
    }

    public static boolean isPermission(String word) {
        return word.length() <= MAX_LENGTH && PERMISSION.matcher(word).matches();
    }

    /** A scope names a permission when it has the {@code resource:action} shape (OIDC scopes such as openid do not). */
    public static boolean namesPermission(String scope) {
        return scope.indexOf(':') > 0 && isPermission(scope);
    }
}
