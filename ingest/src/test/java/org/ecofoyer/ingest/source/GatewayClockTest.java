package org.ecofoyer.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class GatewayClockTest {
    private static final Instant R = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration TOL = Duration.ofMinutes(10);
    private static final Duration MAX = Duration.ofDays(1);

    @Test
    void aTimestampBetweenTheMaxDelayAgoAndTheToleranceAheadIsTrusted() {
        assertThat(GatewayClock.trusted(R.minusSeconds(3), R, TOL, MAX)).isEqualTo(R.minusSeconds(3));
        assertThat(GatewayClock.trusted(R.minus(MAX), R, TOL, MAX)).isEqualTo(R.minus(MAX));
        assertThat(GatewayClock.trusted(R.plus(TOL), R, TOL, MAX)).isEqualTo(R.plus(TOL));
    }

    @Test
    void aTimestampTooOldOrTooFarAheadIsNot() {
        assertThat(GatewayClock.trusted(R.minus(MAX).minusSeconds(1), R, TOL, MAX)).isNull();
        assertThat(GatewayClock.trusted(R.plus(TOL).plusSeconds(1), R, TOL, MAX)).isNull();
        assertThat(GatewayClock.trusted(Instant.parse("1970-01-01T00:00:10Z"), R, TOL, MAX)).isNull(); // a clock never set
    }
}
