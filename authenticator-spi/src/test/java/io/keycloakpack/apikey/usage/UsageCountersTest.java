package io.keycloakpack.apikey.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class UsageCountersTest {

    /** 2026-12-01T10:20:30Z: 30 s into its minute, 1230 s into its hour. */
    private static final long NOW = Instant.parse("2026-12-01T10:20:30Z").getEpochSecond();

    @Test
    void countedExchangeReportsWhatIsLeftInEachWindow() {
        UsageLimits limits = new UsageLimits(10, 100, 1000L, UsageRefill.DAY);
        UsageCounters counters = new UsageCounters(NOW / 60, 4, NOW / 3600, 40, 900L, UsageRefill.DAY.period(NOW));

        UsageDecision decision = counters.decide(limits, NOW, true);

        assertThat(decision.isSpent()).isTrue();
        assertThat(decision.headers()).containsEntry("RateLimit-Policy",
                "\"per-minute\";q=10;w=60, \"per-hour\";q=100;w=3600, \"usage\";q=1000;w=86400");
        assertThat(decision.headers()).containsEntry("RateLimit",
                "\"per-minute\";r=6;t=30, \"per-hour\";r=60;t=2370, \"usage\";r=900;t=49170");
    }

    @Test
    void countsOfAnEarlierWindowOrPeriodNoLongerCount() {
        UsageLimits limits = new UsageLimits(10, null, 5L, UsageRefill.DAY);
        UsageCounters stale = new UsageCounters(NOW / 60 - 1, 10, 0, 0, 0L, UsageRefill.DAY.period(NOW) - 1);

        assertThat(stale.decide(limits, NOW, true).headers().get("RateLimit"))
                .isEqualTo("\"per-minute\";r=10;t=30, \"usage\";r=5;t=49170");
    }

    @Test
    void refusalNamesTheLimitAndWhenItLifts() {
        UsageLimits limits = new UsageLimits(3, 1000, null, null);
        UsageCounters full = new UsageCounters(NOW / 60, 3, NOW / 3600, 3, null, 0);

        UsageDecision decision = full.decide(limits, NOW, false);

        assertThat(decision.outcome()).isEqualTo(UsageDecision.Outcome.RATE_LIMITED);
        assertThat(decision.retryAfterSeconds()).isEqualTo(30);
    }

    @Test
    void allowanceThatRefillsMonthlyLiftsAtTheStartOfTheNextMonth() {
        UsageLimits limits = new UsageLimits(null, null, 2L, UsageRefill.MONTH);
        UsageCounters spent = new UsageCounters(0, 0, 0, 0, 0L, UsageRefill.MONTH.period(NOW));

        UsageDecision decision = spent.decide(limits, NOW, false);

        assertThat(decision.outcome()).isEqualTo(UsageDecision.Outcome.USAGE_EXHAUSTED);
        assertThat(decision.retryAfterSeconds())
                .isEqualTo(Instant.parse("2027-01-01T00:00:00Z").getEpochSecond() - NOW);
        assertThat(decision.headers().get("RateLimit-Policy")).isEqualTo("\"usage\";q=2");
    }

    @Test
    void allowanceThatNeverRefillsIsUsedUpWithoutARetryTime() {
        UsageLimits limits = new UsageLimits(null, null, 2L, null);
        UsageDecision decision = new UsageCounters(0, 0, 0, 0, 0L, 0).decide(limits, NOW, false);

        assertThat(decision.outcome()).isEqualTo(UsageDecision.Outcome.USAGE_USED_UP);
        assertThat(decision.headers().get("RateLimit")).isEqualTo("\"usage\";r=0");
    }

    @Test
    void realmMaximumRatesCapTheKeysAndGovernKeysWithoutTheirOwn() {
        assertThat(new UsageLimits(7, null, null, null).withinRates(60, 600))
                .isEqualTo(new UsageLimits(7, 600, null, null));
        assertThat(new UsageLimits(1000, 5000, null, null).withinRates(60, 0))
                .isEqualTo(new UsageLimits(60, 5000, null, null));
        assertThat(UsageLimits.NONE.withinRates(0, 0).isLimited()).isFalse();
    }

    @Test
    void aWindowStoredAheadOfTheCallersClockIsTheCurrentOne() {
        UsageLimits limits = new UsageLimits(3, null, null, null);
        UsageCounters ahead = new UsageCounters(NOW / 60 + 1, 3, 0, 0, null, 0);

        UsageDecision decision = ahead.decide(limits, NOW, false);

        assertThat(decision.outcome()).isEqualTo(UsageDecision.Outcome.RATE_LIMITED);
        assertThat(decision.headers().get("RateLimit")).startsWith("\"per-minute\";r=0;");
    }

    @Test
    void requestedLimitsOutOfBoundsNameTheirField() {
        assertThatThrownBy(() -> UsageLimits.requested(0, null, null, null)).hasMessageContaining("exchangesPerMinute");
        assertThatThrownBy(() -> UsageLimits.requested(null, null, null, "day")).hasMessageContaining("usageLimit");
        assertThatThrownBy(() -> UsageLimits.requested(null, null, 5L, "weekly")).hasMessageContaining("usageRefill");
    }
}
