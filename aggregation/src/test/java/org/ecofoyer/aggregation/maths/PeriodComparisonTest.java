package org.ecofoyer.aggregation.maths;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Period comparisons on figures worked out by hand. */
class PeriodComparisonTest {
    static PeriodComparison.Month month(int year, int month, int days, double kwh, double dju) {
        return new PeriodComparison.Month(LocalDate.of(year, month, 1), days, kwh, kwh * 0.1, dju, true);
    }

    /**
     * Two winter quarters of a home that uses 5 kWh a day whatever the weather plus 2 kWh per degree-day:
     * <pre>
     *   2024: Oct 31 d, 200 DJU → 155 + 400 = 555; Nov 30 d, 300 DJU → 750; Dec 31 d, 400 DJU → 955   total 2260, 900 DJU
     *   2025: Oct 31 d, 150 DJU → 155 + 300 = 455; Nov 30 d, 250 DJU → 650; Dec 31 d, 350 DJU → 855   total 1960, 750 DJU
     * </pre>
     * The fit finds base 5 kWh/day and 2 kWh/DJU exactly. Heating: 2260 − 5 × 92 = 1800 and 1960 − 460 = 1500. At the
     * first winter's weather (900/92 DJU a day against 750/92), the second's heating is 1500 × 900 / 750 = 1800: the
     * 300 kWh (−13.27 %) the second winter used less were all the milder weather; corrected, the change is 0.
     */
    @Test
    void degreeDayCorrectionOfTwoWintersWorkedOutByHand() {
        var a = new PeriodComparison.Input(LocalDate.of(2024, 10, 1), LocalDate.of(2025, 1, 1), 2260, 226.0, 92, 900.0, 92,
                List.of(month(2024, 10, 31, 555, 200), month(2024, 11, 30, 750, 300), month(2024, 12, 31, 955, 400)));
        var b = new PeriodComparison.Input(LocalDate.of(2025, 10, 1), LocalDate.of(2026, 1, 1), 1960, 196.0, 92, 750.0, 92,
                List.of(month(2025, 10, 31, 455, 150), month(2025, 11, 30, 650, 250), month(2025, 12, 31, 855, 350)));
        PeriodComparison c = PeriodComparison.of(a, b, 100.0);

        assertThat(c.equalSpans()).isTrue();
        assertThat(c.notes()).isEmpty();
        assertThat(c.signature().basePerDay()).isCloseTo(5.0, within(1e-9));
        assertThat(c.signature().heatingPerDju()).isCloseTo(2.0, within(1e-9));
        assertThat(c.signature().months()).isEqualTo(6);
        assertThat(c.a().heating()).isCloseTo(1800, within(1e-6));
        assertThat(c.b().heating()).isCloseTo(1500, within(1e-6));
        assertThat(c.b().heatingCorrected()).isCloseTo(1800, within(1e-6));
        assertThat(c.a().correctedQuantity()).isCloseTo(2260, within(1e-6));
        assertThat(c.b().correctedQuantity()).isCloseTo(2260, within(1e-6));
        assertThat(c.difference().quantity()).isCloseTo(-300, within(1e-9));
        assertThat(c.difference().costEur()).isCloseTo(-30, within(1e-9));
        assertThat(c.difference().percent()).isCloseTo(-13.274, within(1e-3));
        assertThat(c.difference().correctedQuantity()).isCloseTo(0, within(1e-6));
        assertThat(c.difference().correctedPercent()).isCloseTo(0, within(1e-6));
        assertThat(c.a().perM2()).isCloseTo(22.6, within(1e-9));
        assertThat(c.b().perM2()).isCloseTo(19.6, within(1e-9));
        assertThat(c.difference().perM2()).isCloseTo(-3.0, within(1e-9));
        assertThat(c.months()).hasSize(3);
        assertThat(c.months().get(1).a().quantity()).isEqualTo(750);
        assertThat(c.months().get(1).b().quantity()).isEqualTo(650);
    }

    /** A real saving shows through the correction: the second winter uses 1.8 kWh per DJU instead of 2. */
    @Test
    void aRealSavingRemainsAfterTheCorrection() {
        var a = new PeriodComparison.Input(LocalDate.of(2024, 10, 1), LocalDate.of(2025, 1, 1), 2260, 226.0, 92, 900.0, 92,
                List.of(month(2024, 10, 31, 555, 200), month(2024, 11, 30, 750, 300), month(2024, 12, 31, 955, 400)));
        var b = new PeriodComparison.Input(LocalDate.of(2025, 10, 1), LocalDate.of(2026, 1, 1), 1810, 181.0, 92, 750.0, 92,
                List.of(month(2025, 10, 31, 425, 150), month(2025, 11, 30, 600, 250), month(2025, 12, 31, 785, 350)));
        PeriodComparison c = PeriodComparison.of(a, b, null);
        assertThat(c.difference().correctedQuantity()).isNegative();
        assertThat(c.notes()).containsExactly("NO_SURFACE");
        assertThat(c.a().perM2()).isNull();
    }

    /** 10 days with 100 kWh against 20 days with 180 kWh: the second at the first one's length is 90 kWh, −10 %. */
    @Test
    void unequalSpansAreNormalisedAndSaidSo() {
        var a = new PeriodComparison.Input(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 11), 100, 20.0, 10, null, 0, List.of());
        var b = new PeriodComparison.Input(LocalDate.of(2026, 2, 1), LocalDate.of(2026, 2, 21), 180, null, 20, null, 0, List.of());
        PeriodComparison c = PeriodComparison.of(a, b, 50.0);
        assertThat(c.equalSpans()).isFalse();
        assertThat(c.notes()).containsExactly("UNEQUAL_SPANS", "MISSING_PRICE", "NO_DJU");
        assertThat(c.b().normalisedQuantity()).isEqualTo(90);
        assertThat(c.difference().quantity()).isEqualTo(-10);
        assertThat(c.difference().percent()).isEqualTo(-10);
        assertThat(c.difference().costEur()).isNull();
        assertThat(c.signature()).isNull();
    }

    /** 8 days of data in a 10-day period: 80 kWh is 100 kWh at full length, and the comparison says it is incomplete. */
    @Test
    void missingDaysAreNormalisedAndSaidSo() {
        var a = new PeriodComparison.Input(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 11), 100, 10.0, 10, null, 0, List.of());
        var b = new PeriodComparison.Input(LocalDate.of(2026, 2, 1), LocalDate.of(2026, 2, 11), 80, 8.0, 8, null, 0, List.of());
        PeriodComparison c = PeriodComparison.of(a, b, null);
        assertThat(c.equalSpans()).isTrue();
        assertThat(c.notes()).contains("INCOMPLETE_B").doesNotContain("INCOMPLETE_A", "UNEQUAL_SPANS");
        assertThat(c.b().normalisedQuantity()).isEqualTo(100);
        assertThat(c.difference().quantity()).isZero();
    }

    /** Months as cold per day as each other cannot tell heating from the rest: no signature, no correction. */
    @Test
    void noSignatureWhenDegreeDaysDoNotVary() {
        List<PeriodComparison.Month> same = List.of(month(2024, 11, 30, 600, 300), month(2024, 12, 30, 600, 300),
                month(2025, 1, 30, 600, 300));
        assertThat(PeriodComparison.fit(same)).isNull();
        assertThat(PeriodComparison.fit(same.subList(0, 2))).as("fewer than 3 months").isNull();
    }
}
