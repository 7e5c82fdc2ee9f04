package io.keycloakpack.apikey.throttle;

import java.util.Map;

/**
 * Wrong secrets counted against one key id or one caller address, and the lock they have earned. Reaching the
 * threshold locks for {@value #FIRST_LOCK_SECONDS} s; each further failure after that doubles the lock, up to
 * {@value #LONGEST_LOCK_SECONDS} s. A count is forgotten {@value #WINDOW_SECONDS} s after its last failure.
 * Times are epoch seconds.
 */
public record FailureCount(int failures, long lockedUntil) {

    public static final FailureCount NONE = new FailureCount(0, 0);
    public static final long FIRST_LOCK_SECONDS = 30;
    public static final long LONGEST_LOCK_SECONDS = 900;
    public static final long WINDOW_SECONDS = 900;

    private static final String FAILURES_NOTE = "failures";
    private static final String LOCKED_UNTIL_NOTE = "lockedUntil";

    public boolean isLocked(long now) {
        return now < lockedUntil;
    }

    public FailureCount afterFailure(long now, int threshold) {
        int counted = failures + 1;
        if (counted < threshold) {
            return new FailureCount(counted, lockedUntil);
        }
        int doublings = Math.min(counted - threshold, 20);
        return new FailureCount(counted, now + Math.min(LONGEST_LOCK_SECONDS, FIRST_LOCK_SECONDS << doublings));
    }

    /** How long the store must keep this count: the window, or the lock if that ends later. */
    public long lifespanSeconds(long now) {
        return Math.max(WINDOW_SECONDS, lockedUntil - now);
    }

    public Map<String, String> notes() {
        return Map.of(FAILURES_NOTE, String.valueOf(failures), LOCKED_UNTIL_NOTE, String.valueOf(lockedUntil));
    }

    public static FailureCount fromNotes(Map<String, String> notes) {
        if (notes == null) {
            return NONE;
        }
        try {
            return new FailureCount(Integer.parseInt(notes.getOrDefault(FAILURES_NOTE, "0")),
                    Long.parseLong(notes.getOrDefault(LOCKED_UNTIL_NOTE, "0")));
        } catch (NumberFormatException corrupt) {
            return NONE;
        }
    }
}
