package io.keycloakpack.apikey.lifecycle;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.keycloakpack.apikey.store.ApiKeyEntity;
import java.util.Arrays;
import java.util.List;

/**
 * A key as the API shows it: metadata only. Times are epoch seconds. {@code key} is present once, in the answer to
 * create or rotate, and never again.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiKeyRepresentation(String id, String name, String prefix, List<String> scopes, String state,
        String ownerId, Long createdAt, Long expiresAt, Long lastUsedAt, Long graceUntil, String replacedBy,
        Long lockedUntil, String key) {

    /** {@code lockedUntil}: epoch second until which wrong secrets keep the key locked, or null. */
    public static ApiKeyRepresentation of(ApiKeyEntity entity, String prefix, Long lockedUntil) {
        return new ApiKeyRepresentation(entity.getPublicId(), entity.getName(), prefix + entity.getPublicId(),
                scopes(entity.getScopes()), entity.getState().name(), entity.getOwnerId(),
                seconds(entity.getCreatedAt()), seconds(entity.getExpiresAt()), seconds(entity.getLastUsedAt()),
                seconds(entity.getGraceUntil()), entity.getReplacedBy(), lockedUntil, null);
    }

    public ApiKeyRepresentation withKey(String fullKey) {
        return new ApiKeyRepresentation(id, name, prefix, scopes, state, ownerId, createdAt, expiresAt, lastUsedAt,
                graceUntil, replacedBy, lockedUntil, fullKey);
    }

    public static List<String> scopes(String joined) {
        return joined == null || joined.isBlank() ? List.of() : Arrays.asList(joined.trim().split(" "));
    }

    private static Long seconds(Long millis) {
        return millis == null ? null : millis / 1000;
    }
}
