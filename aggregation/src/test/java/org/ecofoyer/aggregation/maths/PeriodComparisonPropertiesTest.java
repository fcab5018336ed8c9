package org.ecofoyer.aggregation.maths;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Properties of the weather correction: a home that behaves exactly as {@code base × days + k × DJU} is fitted back to
 * its base and slope whatever its months, and the same home in two winters of different weather compares equal once
 * corrected (the whole raw difference is the weather).
 */
class PeriodComparisonPropertiesTest {
    static List<PeriodComparison.Month> winter(int year, List<Integer> djuPerDay, double base, double k) {
        List<PeriodComparison.Month> months = new ArrayList<>();
        LocalDate start = LocalDate.of(year, 10, 1);
        for (int i = 0; i < djuPerDay.size(); i++) {
            LocalDate m = start.plusMonths(i);
            int days = m.lengthOfMonth();
            double dju = djuPerDay.get(i) * days;
            months.add(new PeriodComparison.Month(m, days, base * days + k * dju, null, dju, true));
        }
        return months;
    }

    static PeriodComparison.Input input(List<PeriodComparison.Month> months) {
        int days = months.stream().mapToInt(PeriodComparison.Month::days).sum();
        double q = months.stream().mapToDouble(PeriodComparison.Month::quantity).sum();
        double dju = months.stream().mapToDouble(PeriodComparison.Month::dju).sum();
        LocalDate from = months.get(0).start();
        return new PeriodComparison.Input(from, from.plusDays(days), q, null, days, dju, days, months);
    }

    @Property(tries = 200)
    void theSameHomeComparesEqualOnceCorrected(@ForAll @Size(6) List<@IntRange(min = 0, max = 20) Integer> a,
                                               @ForAll @IntRange(min = 1, max = 6) int milder,
                                               @ForAll @DoubleRange(min = 1, max = 40) double base,
                                               @ForAll @DoubleRange(min = 0.5, max = 10) double k) {
        // The months' DJU per day must vary, or heating cannot be told from the base: the first is 2 warmer than the next.
        List<Integer> varied = new ArrayList<>(a);
        varied.set(0, a.get(1) + 2);
        List<Integer> b = varied.stream().map(x -> x + milder).toList(); // here the second winter is colder
        PeriodComparison c = PeriodComparison.of(input(winter(2024, varied, base, k)), input(winter(2025, b, base, k)), 100.0);
        assertThat(c.signature()).isNotNull();
        assertThat(c.signature().basePerDay()).isCloseTo(base, within(1e-6 * (1 + base)));
        assertThat(c.signature().heatingPerDju()).isCloseTo(k, within(1e-6 * (1 + k)));
        assertThat(c.difference().quantity()).isPositive(); // colder: more, raw
        assertThat(c.difference().correctedQuantity()).isCloseTo(0, within(1e-6 * c.a().quantity()));
    }
}
