package io.keycloakpack.apikey.usage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Whether an exchange was counted against its key's limits, and what the caller is told about them: the
 * {@code RateLimit-Policy} and {@code RateLimit} fields of the IETF draft (draft-ietf-httpapi-ratelimit-headers),
 * one item per limit ({@value #PER_MINUTE}, {@value #PER_HOUR}, {@value #USAGE}) with its quota {@code q}, window
 * {@code w}, remaining {@code r} and seconds to reset {@code t}.
 */
public record UsageDecision(Outcome outcome, long retryAfterSeconds, List<Window> windows) {

    public static final String PER_MINUTE = "per-minute";
    public static final String PER_HOUR = "per-hour";
    public static final String USAGE = "usage";
    public static final String POLICY_HEADER = "RateLimit-Policy";
    public static final String HEADER = "RateLimit";
    /** Every header this sends. */
    public static final List<String> HEADERS = List.of(POLICY_HEADER, HEADER);

    public enum Outcome {
        SPENT,
        /** Exchanges per minute or per hour used up; lifts when the window ends. */
        RATE_LIMITED,
        /** The allowance is at zero and refills at the start of the next day or month. */
        USAGE_EXHAUSTED,
        /** The allowance is at zero and never refills. */
        USAGE_USED_UP
    }

    /**
     * One limit: {@code resetSeconds} until it starts full again ({@code -1}: never), {@code sizeSeconds} its window
     * ({@code 0}: none that a number of seconds describes, such as a calendar month or a total).
     */
    public record Window(String name, long quota, long remaining, long resetSeconds, long sizeSeconds) {

        String policyItem() {
            return "\"" + name + "\";q=" + quota + (sizeSeconds > 0 ? ";w=" + sizeSeconds : "");
        }

        String stateItem() {
            return "\"" + name + "\";r=" + remaining + (resetSeconds >= 0 ? ";t=" + resetSeconds : "");
        }
    }

    public static final UsageDecision UNLIMITED = new UsageDecision(Outcome.SPENT, 0, List.of());

    public boolean isSpent() {
        return outcome == Outcome.SPENT;
    }

    /** The draft's two fields, or none for a key without limits. */
    public Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        if (!windows.isEmpty()) {
            headers.put(POLICY_HEADER, windows.stream().map(Window::policyItem).collect(Collectors.joining(", ")));
            headers.put(HEADER, windows.stream().map(Window::stateItem).collect(Collectors.joining(", ")));
        }
        return headers;
    }
}
