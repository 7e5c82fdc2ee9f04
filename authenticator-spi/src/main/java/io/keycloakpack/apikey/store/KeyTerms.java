package io.keycloakpack.apikey.store;

import io.keycloakpack.apikey.usage.UsageLimits;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * What a new key is given, as its columns hold it: list-valued terms as space-separated words, null when empty.
 *
 * @param expiresAt  epoch millis, or null for a key without expiry
 * @param usageLeft  the allowance it starts with: null for a full one (a replacement keeps what its key had left)
 * @param rateSpent  what it starts with spent of its rates: null for nothing (a replacement takes over its key's)
 */
public record KeyTerms(String name, String scopes, Long expiresAt, String audiences, String allowedSources,
        UsageLimits limits, Long usageLeft, RateSpent rateSpent) {

    public KeyTerms(String name, Collection<String> scopes, Long expiresAt, Collection<String> audiences,
            Collection<String> allowedSources, UsageLimits limits) {
        this(name, String.join(" ", scopes), expiresAt, words(audiences), words(allowedSources), limits, null, null);
    }

    /** The terms of a key being rotated: its replacement is given the same, but for {@code scopes}. */
    public static KeyTerms of(ApiKeyEntity key, Collection<String> scopes, long epochSecond) {
        return new KeyTerms(key.getName(), String.join(" ", scopes), key.getExpiresAt(), key.getAudiences(),
                key.getAllowedSources(), key.getUsageLimits(), key.usageLeft(epochSecond), key.rateSpent());
    }

    /** A space-separated column as a list; null or blank is empty. */
    public static List<String> split(String words) {
        return words == null || words.isBlank() ? List.of() : Arrays.asList(words.trim().split(" "));
    }

    private static String words(Collection<String> values) {
        return values.isEmpty() ? null : String.join(" ", values);
    }
}
