package io.keycloakpack.apikey.lifecycle;

import java.util.List;

/** Body of {@code POST /realms/{realm}/api-keys}: {@code expiresAt} in epoch seconds, optional unless policy says. */
public record CreateApiKeyRequest(String name, List<String> scopes, Long expiresAt) {
}
