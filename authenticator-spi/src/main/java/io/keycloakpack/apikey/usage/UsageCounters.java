package io.keycloakpack.apikey.usage;

import java.util.ArrayList;
import java.util.List;

/**
 * A key's counters as the database holds them: exchanges in the current minute and hour window (each window named
 * by its number since the epoch) and the allowance left in its period. A stored window later than the caller's
 * clock counts as the current one (windows only move forward).
 */
public record UsageCounters(long minuteWindow, int minuteCount, long hourWindow, int hourCount, Long usageRemaining,
        long usagePeriod) {

    private static final long MINUTE = 60;
    private static final long HOUR = 3600;
    private static final long DAY = 86_400;

    /**
     * What {@code limits} make of these counters at {@code now} (epoch seconds): {@code spent} when the exchange was
     * counted, otherwise why it was not and when to try again.
     */
    public UsageDecision decide(UsageLimits limits, long now, boolean spent) {
        List<UsageDecision.Window> windows = windows(limits, now);
        if (spent) {
            return new UsageDecision(UsageDecision.Outcome.SPENT, 0, windows);
        }
        List<UsageDecision.Window> exhausted = windows.stream().filter(w -> w.remaining() == 0).toList();
        boolean usageExhausted = exhausted.stream().anyMatch(w -> w.name().equals(UsageDecision.USAGE));
        if (usageExhausted && limits.refill() == null) {
            return new UsageDecision(UsageDecision.Outcome.USAGE_USED_UP, 0, windows);
        }
        // A window that rolled over between the refused count and this read leaves nothing exhausted: retry now.
        long retryAfter = Math.max(1, exhausted.stream().mapToLong(UsageDecision.Window::resetSeconds).max()
                .orElse(1));
        return new UsageDecision(usageExhausted ? UsageDecision.Outcome.USAGE_EXHAUSTED
                : UsageDecision.Outcome.RATE_LIMITED, retryAfter, windows);
    }

    private List<UsageDecision.Window> windows(UsageLimits limits, long now) {
        List<UsageDecision.Window> windows = new ArrayList<>();
        if (limits.perMinute() != null) {
            windows.add(window(UsageDecision.PER_MINUTE, limits.perMinute(),
                    minuteWindow >= now / MINUTE ? minuteCount : 0, MINUTE - now % MINUTE, MINUTE));
        }
        if (limits.perHour() != null) {
            windows.add(window(UsageDecision.PER_HOUR, limits.perHour(), hourWindow >= now / HOUR ? hourCount : 0,
                    HOUR - now % HOUR, HOUR));
        }
        if (limits.usageLimit() != null) {
            long left = usagePeriod >= limits.usagePeriod(now) && usageRemaining != null ? usageRemaining
                    : limits.usageLimit();
            UsageRefill refill = limits.refill();
            windows.add(new UsageDecision.Window(UsageDecision.USAGE, limits.usageLimit(), Math.max(0, left),
                    refill == null ? -1 : refill.nextStart(now) - now, refill == UsageRefill.DAY ? DAY : 0));
        }
        return windows;
    }

    private static UsageDecision.Window window(String name, long quota, long used, long resetSeconds, long size) {
        return new UsageDecision.Window(name, quota, Math.max(0, quota - used), resetSeconds, size);
    }
}
