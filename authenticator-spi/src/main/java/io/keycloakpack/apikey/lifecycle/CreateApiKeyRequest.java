package io.keycloakpack.apikey.lifecycle;

import java.util.List;

/**
 * Body of {@code POST /realms/{realm}/api-keys}: {@code expiresAt} in epoch seconds, optional unless the policy says
 * otherwise; {@code audiences} (client ids) and {@code allowedSources} (addresses, CIDR ranges) likewise; optional
 * limits: {@code exchangesPerMinute}, {@code exchangesPerHour}, a {@code usageLimit} refilled each {@code day} or
 * {@code month} ({@code usageRefill}) or never.
 */
public record CreateApiKeyRequest(String name, List<String> scopes, Long expiresAt, List<String> audiences,
        List<String> allowedSources, Integer exchangesPerMinute, Integer exchangesPerHour, Long usageLimit,
        String usageRefill) {
}
