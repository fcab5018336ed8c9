package org.ecofoyer.ingest.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Random;
import org.ecofoyer.drivers.utility.Utility;
import org.ecofoyer.drivers.utility.UtilityException;
import org.junit.jupiter.api.Test;

class SyncScheduleTest {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private final SyncSchedule noJitter = new SyncSchedule(LocalTime.of(7, 30), Duration.ZERO, new Random(1));

    @Test
    void nextDailyRunIsTheNextOccurrenceOfTheLocalTime() {
        // 06:00 Paris (winter, UTC+1) → today 07:30 Paris = 06:30 UTC
        assertThat(noJitter.afterSuccess(Instant.parse("2026-01-10T05:00:00Z"), PARIS)).isEqualTo(Instant.parse("2026-01-10T06:30:00Z"));
        // 09:00 Paris → tomorrow
        assertThat(noJitter.afterSuccess(Instant.parse("2026-01-10T08:00:00Z"), PARIS)).isEqualTo(Instant.parse("2026-01-11T06:30:00Z"));
        // across the spring change: the next morning is in summer time (UTC+2)
        assertThat(noJitter.afterSuccess(Instant.parse("2026-03-28T08:00:00Z"), PARIS)).isEqualTo(Instant.parse("2026-03-29T05:30:00Z"));
    }

    @Test
    void jitterStaysWithinItsBound() {
        SyncSchedule s = new SyncSchedule(LocalTime.of(7, 30), Duration.ofHours(2), new Random(42));
        for (int i = 0; i < 200; i++) {
            Instant t = s.afterSuccess(Instant.parse("2026-01-10T08:00:00Z"), PARIS);
            assertThat(t).isBetween(Instant.parse("2026-01-11T06:30:00Z"), Instant.parse("2026-01-11T08:29:59.999Z"));
        }
    }

    @Test
    void failuresAreRetriedWhenTheirKindSays() {
        Instant now = Instant.parse("2026-01-10T08:00:00Z");
        Instant retryAt = now.plusSeconds(300);
        assertThat(noJitter.afterFailure(now, PARIS, UtilityException.rateLimited(Utility.ENEDIS, retryAt))).isEqualTo(retryAt);
        assertThat(noJitter.afterFailure(now, PARIS, UtilityException.unavailable(Utility.GRDF, "x", null, null)))
                .isEqualTo(now.plus(Duration.ofMinutes(15)));
        assertThat(noJitter.afterFailure(now, PARIS, UtilityException.consentMissing(Utility.GRDF, "1", "x")))
                .isEqualTo(Instant.parse("2026-01-11T06:30:00Z"));
        assertThat(noJitter.afterFailure(now, PARIS, UtilityException.credentialsRejected(Utility.GRDF, "x")))
                .isEqualTo(now.plus(Duration.ofHours(6)));
    }
}
