package io.keycloakpack.apikey.usage;

import java.util.Optional;

/**
 * How much a key may be used: exchanges per minute and per hour (fixed windows of Keycloak's clock), and a total
 * allowance that refuses at zero, refilled each UTC day or month if {@code refill} says so. Null: no such limit.
 */
public record UsageLimits(Integer perMinute, Integer perHour, Long usageLimit, UsageRefill refill) {

    public static final UsageLimits NONE = new UsageLimits(null, null, null, null);
    public static final int MAX_RATE = 1_000_000;
    public static final long MAX_USAGE = 1_000_000_000_000L;

    /**
     * Limits as a creation request states them.
     *
     * @throws IllegalArgumentException naming the field that is out of bounds
     */
    public static UsageLimits requested(Integer perMinute, Integer perHour, Long usageLimit, String refill) {
        requireInRange(perMinute, MAX_RATE, "exchangesPerMinute");
        requireInRange(perHour, MAX_RATE, "exchangesPerHour");
        requireInRange(usageLimit, MAX_USAGE, "usageLimit");
        Optional<UsageRefill> refilled = UsageRefill.parse(refill);
        if (refilled.isPresent() && usageLimit == null) {
            throw new IllegalArgumentException("usageRefill needs a usageLimit");
        }
        return new UsageLimits(perMinute, perHour, usageLimit, refilled.orElse(null));
    }

    /**
     * These limits under the realm's maximum rates ({@code 0}: none): the lower of the key's own and the realm's,
     * and the realm's for a key without one of its own.
     */
    public UsageLimits withinRates(int maxPerMinute, int maxPerHour) {
        return new UsageLimits(lower(perMinute, maxPerMinute), lower(perHour, maxPerHour), usageLimit, refill);
    }

    public boolean isLimited() {
        return perMinute != null || perHour != null || usageLimit != null;
    }

    /** The allowance's period at {@code epochSecond}: constant for an allowance that never refills. */
    public long usagePeriod(long epochSecond) {
        return refill == null ? 0 : refill.period(epochSecond);
    }

    private static Integer lower(Integer own, int realmMax) {
        if (realmMax <= 0) {
            return own;
        }
        return own == null ? realmMax : Math.min(own, realmMax);
    }

    private static void requireInRange(Number value, long max, String field) {
        if (value != null && (value.longValue() < 1 || value.longValue() > max)) {
            throw new IllegalArgumentException(field + " must be between 1 and " + max);
        }
    }
}
