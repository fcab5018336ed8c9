package org.ecofoyer.drivers.utility;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ThrottleTest {
    @Test
    void callsAreSpacedByTheMinimumInterval() {
        Clock fixed = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        Throttle t = new Throttle(fixed, Duration.ofSeconds(1), 0);
        assertThat(t.reserve()).isZero();
        assertThat(t.reserve()).isEqualTo(1000);
        assertThat(t.reserve()).isEqualTo(2000);
    }

    @Test
    void theHourlyQuotaPushesTheNextCallToTheNextHour() {
        Clock fixed = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        Throttle t = new Throttle(fixed, Duration.ofMillis(200), 3);
        assertThat(t.reserve()).isZero();
        assertThat(t.reserve()).isEqualTo(200);
        assertThat(t.reserve()).isEqualTo(400);
        // the 4th call may only go one hour after the 1st
        assertThat(t.reserve()).isEqualTo(3_600_000);
    }

    @Test
    void retryAfterIsReadAsSecondsOrHttpDate() {
        Clock fixed = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        UtilityHttp http = new UtilityHttp(null, Utility.ENEDIS, EnedisLimits.ANY, RetryPolicy.DEFAULT, fixed);
        assertThat(http.retryAfter("30")).isEqualTo(Instant.parse("2026-01-01T00:00:30Z"));
        assertThat(http.retryAfter("Thu, 01 Jan 2026 00:05:00 GMT")).isEqualTo(Instant.parse("2026-01-01T00:05:00Z"));
        assertThat(http.retryAfter(null)).isEqualTo(Instant.parse("2026-01-01T00:01:00Z"));
    }

    private static final class EnedisLimits {
        static final ApiLimits ANY = new ApiLimits(Duration.ZERO, 0, 7, 7);
    }
}
