package io.keycloakpack.apikey.lifecycle;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.keycloakpack.apikey.store.ApiKeyEntity;
import io.keycloakpack.apikey.store.KeyTerms;
import io.keycloakpack.apikey.usage.UsageLimits;
import java.util.List;
import org.keycloak.common.util.Time;

/**
 * A key as the API shows it: metadata only. Times are epoch seconds. {@code key} is present once, in the answer to
 * create or rotate, and never again. Empty {@code audiences}: tokens without {@code aud}; empty
 * {@code allowedSources}: any address. Limits are the key's own (absent: none of its own; the realm's default rates
 * apply), {@code usageRemaining} the allowance left now.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiKeyRepresentation(String id, String name, String prefix, List<String> scopes,
        List<String> audiences, List<String> allowedSources, String state, String ownerId, Long createdAt,
        Long expiresAt, Long lastUsedAt, String lastUsedFrom, String lastUsedAgent, Long graceUntil,
        String replacedBy, Long lockedUntil, Integer exchangesPerMinute, Integer exchangesPerHour, Long usageLimit,
        String usageRefill, Long usageRemaining, String key) {

    /**
     * {@code legacyPrefix} stands in for the prefix of a key stored before keys kept theirs ({@code LegacyPrefix});
     * {@code lockedUntil}: epoch second until which wrong secrets keep the key locked, or null.
     */
    public static ApiKeyRepresentation of(ApiKeyEntity entity, String legacyPrefix, Long lockedUntil) {
        UsageLimits limits = entity.getUsageLimits();
        return new ApiKeyRepresentation(entity.getPublicId(), entity.getName(), entity.shownId(legacyPrefix),
                KeyTerms.split(entity.getScopes()), KeyTerms.split(entity.getAudiences()),
                KeyTerms.split(entity.getAllowedSources()), entity.getState().name(), entity.getOwnerId(),
                seconds(entity.getCreatedAt()), seconds(entity.getExpiresAt()), seconds(entity.getLastUsedAt()),
                entity.getLastUsedFrom(), entity.getLastUsedAgent(), seconds(entity.getGraceUntil()),
                entity.getReplacedBy(), lockedUntil, limits.perMinute(), limits.perHour(), limits.usageLimit(),
                limits.refill() == null ? null : limits.refill().apiName(), entity.usageLeft(Time.currentTime()),
                null);
    }

    public ApiKeyRepresentation withKey(String fullKey) {
        return new ApiKeyRepresentation(id, name, prefix, scopes, audiences, allowedSources, state, ownerId,
                createdAt, expiresAt, lastUsedAt, lastUsedFrom, lastUsedAgent, graceUntil, replacedBy, lockedUntil,
                exchangesPerMinute, exchangesPerHour, usageLimit, usageRefill, usageRemaining, fullKey);
    }

    private static Long seconds(Long millis) {
        return millis == null ? null : millis / 1000;
    }
}
