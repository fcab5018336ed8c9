package org.ecofoyer.dashboard.engage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The leak rule on daily water data, by hand, on a family of four's six weeks (Monday to Sunday, litres a day): a low
 * Wednesday, busy weekends, a weekend away at 15 and 20 L, about 380–720 L a day. The leak series is the same family
 * with a running toilet (+600 L a day, 25 L an hour) from the fifth Monday (day 29).
 */
public class DailyLeakTest {
    public static final double[][] FAMILY = {
            {420, 510, 380, 470, 540, 690, 610},
            {450, 480, 400, 455, 520, 15, 20},
            {430, 530, 372, 490, 560, 720, 640},
            {410, 495, 395, 480, 535, 655, 600},
            {440, 505, 385, 465, 550, 700, 625},
            {425, 515, 390, 475, 545, 680, 615},
    };
    /** Day 1, a Monday. */
    static final LocalDate DAY1 = LocalDate.of(2026, 9, 7);

    static LocalDate day(int n) {
        return DAY1.plusDays(n - 1);
    }

    static TreeMap<LocalDate, Double> series(double leakFromDay29) {
        TreeMap<LocalDate, Double> m = new TreeMap<>();
        for (int n = 1; n <= 42; n++) {
            m.put(day(n), FAMILY[(n - 1) / 7][(n - 1) % 7] + (n >= 29 ? leakFromDay29 : 0));
        }
        return m;
    }

    @Test
    void aFamilysOrdinaryWeeksNeverLookLikeALeak() {
        TreeMap<LocalDate, Double> family = series(0);
        // Every day that has 21 days of history (from day 28) to the last: each window of 7 days holds a Wednesday
        // (372-400 L), under the lower quartile plus half of it.
        for (int n = 28; n <= 42; n++) {
            assertThat(AlertRules.dailyLeak(family, day(n))).as("day %d", n).isEmpty();
        }
        // Too little history: nothing, even on a leak-shaped week.
        assertThat(AlertRules.dailyLeak(new TreeMap<>(series(600).tailMap(day(22), true)), day(35))).isEmpty();
    }

    @Test
    void aRunningToiletLiftsTheFloorAndIsOneOccurrenceForAsLongAsItRuns() {
        TreeMap<LocalDate, Double> leak = series(600);
        // Days 29-34: fewer than 7 days of leak (day 28, a Sunday at 600 L, is under the threshold of 615 L).
        for (int n = 28; n <= 34; n++) {
            assertThat(AlertRules.dailyLeak(leak, day(n))).as("day %d", n).isEmpty();
        }
        // Day 35: the history is days 1-28; its 28 days sorted start 15, 20, 372, 380, 395, 400, 410: the lower quartile
        // (the 7th smallest) is 410 L, the threshold 410 + max(100, 205) = 615 L. The week's lowest day is the
        // Wednesday, 385 + 600 = 985 L: a leak, (985 - 410) / 24 = 23.96 L an hour.
        AlertRules.DailyLeak first = AlertRules.dailyLeak(leak, day(35)).orElseThrow();
        assertThat(first.from()).isEqualTo(day(35));
        assertThat(first.to()).isEqualTo(day(35));
        assertThat(first.lowest()).isEqualTo(985.0);
        assertThat(first.floor()).isEqualTo(410.0);
        assertThat(first.threshold()).isEqualTo(615.0);
        assertThat(first.litresPerHour()).isCloseTo(575.0 / 24, within(1e-9));
        // The following days, the same leak: the same first day, so the same occurrence (raised once).
        for (int n = 36; n <= 42; n++) {
            Optional<AlertRules.DailyLeak> l = AlertRules.dailyLeak(leak, day(n));
            assertThat(l).as("day %d", n).isPresent();
            assertThat(l.get().from()).as("day %d", n).isEqualTo(day(35));
        }
        // A smaller flow, 150 L a day (6 L an hour): 385 + 150 = 535 L stays under 615 L. Not claimed.
        assertThat(AlertRules.dailyLeak(series(150), day(35))).isEmpty();
        // A missing day in the week: not judged.
        TreeMap<LocalDate, Double> holed = series(600);
        holed.remove(day(33));
        assertThat(AlertRules.dailyLeak(holed, day(35))).isEmpty();
    }

    @Test
    void theLowerQuartileIsTheNearestRank() {
        assertThat(AlertRules.lowerQuartile(java.util.List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(1.0);
        assertThat(AlertRules.lowerQuartile(java.util.List.of(5.0, 1.0, 3.0, 2.0, 4.0))).isEqualTo(2.0);
    }
}
