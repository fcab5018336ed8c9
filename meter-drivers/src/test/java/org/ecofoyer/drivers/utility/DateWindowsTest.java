package org.ecofoyer.drivers.utility;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class DateWindowsTest {
    @Test
    void sixteenDaysOfLoadCurveAreThreeCallsOfAtMostSevenDays() {
        List<DateWindows.Window> w = DateWindows.split(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 17), 7);
        assertThat(w).containsExactly(
                new DateWindows.Window(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 8)),
                new DateWindows.Window(LocalDate.of(2026, 3, 8), LocalDate.of(2026, 3, 15)),
                new DateWindows.Window(LocalDate.of(2026, 3, 15), LocalDate.of(2026, 3, 17)));
    }

    @Test
    void emptyPeriodHasNoWindow() {
        assertThat(DateWindows.split(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 1), 7)).isEmpty();
    }

    @Property
    void windowsTileThePeriodWithoutGapOrOverlap(@ForAll @IntRange(min = 0, max = 2000) int days,
                                                 @ForAll @IntRange(min = 1, max = 400) int max) {
        LocalDate from = LocalDate.of(2023, 1, 1);
        LocalDate to = from.plusDays(days);
        List<DateWindows.Window> w = DateWindows.split(from, to, max);
        LocalDate cursor = from;
        for (DateWindows.Window x : w) {
            assertThat(x.from()).isEqualTo(cursor);
            assertThat(x.days()).isBetween(1L, (long) max);
            cursor = x.to();
        }
        assertThat(cursor).isEqualTo(to);
        assertThat(w).hasSize((days + max - 1) / max);
    }
}
