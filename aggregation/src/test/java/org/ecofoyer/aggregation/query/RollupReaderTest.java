package org.ecofoyer.aggregation.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The reader's pure helpers: its local clock and how it adds up the days' half-hour arrays. */
class RollupReaderTest {
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @Test
    void theLocalClockFollowsBothSummerTimeChanges() {
        RollupReader.LocalClock clock = new RollupReader.LocalClock(PARIS);
        // Spring: at 01:00 UTC on 29 March 2026, CET (UTC+1) becomes CEST (UTC+2): 02:00-03:00 local never happens.
        assertThat(local(clock, "2026-03-29T00:30:00Z")).isEqualTo("2026-03-29T01:30");
        assertThat(local(clock, "2026-03-29T01:00:00Z")).isEqualTo("2026-03-29T03:00");
        assertThat(local(clock, "2026-06-01T10:00:00Z")).isEqualTo("2026-06-01T12:00");
        // Autumn: 01:00 UTC is when CEST becomes CET: 02:30 is met twice.
        assertThat(local(clock, "2026-10-25T00:30:00Z")).isEqualTo("2026-10-25T02:30");
        assertThat(local(clock, "2026-10-25T01:30:00Z")).isEqualTo("2026-10-25T02:30");
        assertThat(local(clock, "2026-12-31T23:00:00Z")).isEqualTo("2027-01-01T00:00");
        // Asked out of order, it is still right.
        assertThat(local(clock, "2026-07-14T12:00:00Z")).isEqualTo("2026-07-14T14:00");
        assertThat(local(clock, "2026-01-01T12:00:00Z")).isEqualTo("2026-01-01T13:00");
        RollupReader.LocalClock utc = new RollupReader.LocalClock(ZoneOffset.UTC);
        assertThat(local(utc, "2026-10-25T01:30:00Z")).isEqualTo("2026-10-25T01:30");
    }

    static String local(RollupReader.LocalClock clock, String utc) {
        return LocalDateTime.ofEpochSecond(clock.local(Instant.parse(utc).getEpochSecond()), 0, ZoneOffset.UTC).toString();
    }

    @Test
    void dayHalfHourArraysAddUpOnTheRangesSlots() {
        long[] wh = new long[6];
        boolean[] present = new boolean[6];
        RollupReader.addHalfHours(new Long[] {5L, null, 0L, 12_345_678_901L}, 1, wh, present);
        RollupReader.addHalfHours(new Long[] {1L, 2L}, 5, wh, present); // the second element is past the range: ignored
        RollupReader.addHalfHours(new Long[] {7L}, 1, wh, present); // a second meter's half-hour adds up
        assertThat(wh).containsExactly(0, 12, 0, 0, 12_345_678_901L, 1);
        assertThat(present).containsExactly(false, true, false, true, true, true);
        RollupReader.addHalfHours(new Long[0], 0, wh, present);
        assertThat(present[0]).isFalse();
    }
}
