package io.keycloakpack.apikey.lifecycle;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.keycloakpack.apikey.store.ApiKeyEntity;
import io.keycloakpack.apikey.store.KeyTerms;
import java.util.List;

/**
 * A key as the API shows it: metadata only. Times are epoch seconds. {@code key} is present once, in the answer to
 * create or rotate, and never again. Empty {@code audiences}: tokens without {@code aud}; empty
 * {@code allowedSources}: any address.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiKeyRepresentation(String id, String name, String prefix, List<String> scopes,
        List<String> audiences, List<String> allowedSources, String state, String ownerId, Long createdAt,
        Long expiresAt, Long lastUsedAt, String lastUsedFrom, String lastUsedAgent, Long graceUntil,
        String replacedBy, Long lockedUntil, String key) {

    /**
     * {@code legacyPrefix} stands in for the prefix of a key stored before keys kept theirs ({@code LegacyPrefix});
     * {@code lockedUntil}: epoch second until which wrong secrets keep the key locked, or null.
     */
    public static ApiKeyRepresentation of(ApiKeyEntity entity, String legacyPrefix, Long lockedUntil) {
        return new ApiKeyRepresentation(entity.getPublicId(), entity.getName(), entity.shownId(legacyPrefix),
                KeyTerms.split(entity.getScopes()), KeyTerms.split(entity.getAudiences()),
                KeyTerms.split(entity.getAllowedSources()), entity.getState().name(), entity.getOwnerId(),
                seconds(entity.getCreatedAt()), seconds(entity.getExpiresAt()), seconds(entity.getLastUsedAt()),
                entity.getLastUsedFrom(), entity.getLastUsedAgent(), seconds(entity.getGraceUntil()),
                entity.getReplacedBy(), lockedUntil, null);
    }

    public ApiKeyRepresentation withKey(String fullKey) {
        return new ApiKeyRepresentation(id, name, prefix, scopes, audiences, allowedSources, state, ownerId,
                createdAt, expiresAt, lastUsedAt, lastUsedFrom, lastUsedAgent, graceUntil, replacedBy, lockedUntil,
                fullKey);
    }

    private static Long seconds(Long millis) {
        return millis == null ? null : millis / 1000;
    }
}
