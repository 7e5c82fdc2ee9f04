package io.keycloakpack.apikey.usage;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;

/** When a key's usage allowance starts full again: at the start of each UTC day or month. */
public enum UsageRefill {
    DAY,
    MONTH;

    /** The period {@code epochSecond} falls in, as a number that changes exactly when the allowance refills. */
    public long period(long epochSecond) {
        LocalDate day = LocalDate.ofInstant(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
        return this == DAY ? day.toEpochDay() : day.getYear() * 12L + day.getMonthValue() - 1;
    }

    /** The epoch second the next period starts. */
    public long nextStart(long epochSecond) {
        LocalDate day = LocalDate.ofInstant(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
        LocalDate next = this == DAY ? day.plusDays(1) : day.withDayOfMonth(1).plusMonths(1);
        return next.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    }

    /** As the API writes it: {@code day}, {@code month}. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for anything but {@code day} or {@code month} */
    public static Optional<UsageRefill> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (UsageRefill refill : values()) {
            if (refill.apiName().equals(value)) {
                return Optional.of(refill);
            }
        }
        throw new IllegalArgumentException("usageRefill must be 'day' or 'month'");
    }
}
