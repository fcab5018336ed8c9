package org.ecofoyer.aggregation.maths;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import org.ecofoyer.aggregation.maths.EqualSpans.Span;
import org.junit.jupiter.api.Test;

/** Spans worked out by hand on a calendar: the issue's mornings, the 1st of a month, data a day behind, short months. */
class EqualSpansTest {
    static LocalDate d(String s) {
        return LocalDate.parse(s);
    }

    static Span span(String from, String to) {
        return new Span(d(from), d(to));
    }

    @Test
    void theIssuesMorningComparesFiveCompleteDaysOfGasAndWaterNotSix() {
        // 6 December 2026: electricity complete through the 5th, gas and water (a day behind) through the 4th.
        EqualSpans elec = EqualSpans.monthToDate(d("2026-12-06"), d("2026-12-05")).orElseThrow();
        assertThat(elec.current()).isEqualTo(span("2026-12-01", "2026-12-06"));
        assertThat(elec.lastMonth()).isEqualTo(span("2026-11-01", "2026-11-06"));
        assertThat(elec.lastYear()).isEqualTo(span("2025-12-01", "2025-12-06"));
        EqualSpans gas = EqualSpans.monthToDate(d("2026-12-06"), d("2026-12-04")).orElseThrow();
        assertThat(gas.current()).isEqualTo(span("2026-12-01", "2026-12-05"));
        assertThat(gas.current().days()).isEqualTo(4);
        assertThat(gas.lastMonth()).isEqualTo(span("2026-11-01", "2026-11-05"));
        assertThat(gas.lastYear()).isEqualTo(span("2025-12-01", "2025-12-05"));
    }

    @Test
    void onTheFirstOfAMonthTheMonthJustEndedIsComparedNotAnEmptyOne() {
        EqualSpans s = EqualSpans.monthToDate(d("2026-12-01"), d("2026-11-30")).orElseThrow();
        assertThat(s.current()).isEqualTo(span("2026-11-01", "2026-12-01"));
        assertThat(s.lastMonth()).isEqualTo(span("2026-10-01", "2026-10-31")); // 1–30 October: 30 days, not 31
        assertThat(s.lastYear()).isEqualTo(span("2025-11-01", "2025-12-01"));
        assertThat(s.lastMonth().days()).isEqualTo(s.current().days());
    }

    @Test
    void onTheSecondADayBehindFluidStillComparesTheMonthJustEndedWhileElectricityHasOneDay() {
        EqualSpans gas = EqualSpans.monthToDate(d("2026-12-02"), d("2026-11-30")).orElseThrow();
        assertThat(gas.current()).isEqualTo(span("2026-11-01", "2026-12-01"));
        EqualSpans elec = EqualSpans.monthToDate(d("2026-12-02"), d("2026-12-01")).orElseThrow();
        assertThat(elec.current()).isEqualTo(span("2026-12-01", "2026-12-02"));
        assertThat(elec.lastMonth()).isEqualTo(span("2026-11-01", "2026-11-02"));
    }

    @Test
    void todayIsNeverCompleteEvenWhenASourceSaysSo() {
        EqualSpans s = EqualSpans.monthToDate(d("2026-12-06"), d("2026-12-06")).orElseThrow();
        assertThat(s.current()).isEqualTo(span("2026-12-01", "2026-12-06"));
        assertThat(EqualSpans.monthToDate(d("2026-12-06"), d("2026-12-09")).orElseThrow().current().last()).isEqualTo(d("2026-12-05"));
    }

    @Test
    void noCompleteDayMeansNothingToCompare() {
        assertThat(EqualSpans.monthToDate(d("2026-12-06"), null)).isEmpty();
    }

    @Test
    void aReferenceMonthShorterThanTheSpanIsCutAtItsEnd() {
        // 1–31 March 2026 against February 2026 (28 days): the whole of February, never into March.
        EqualSpans s = EqualSpans.monthToDate(d("2026-04-01"), d("2026-03-31")).orElseThrow();
        assertThat(s.current().days()).isEqualTo(31);
        assertThat(s.lastMonth()).isEqualTo(span("2026-02-01", "2026-03-01"));
        assertThat(s.lastMonth().days()).isEqualTo(28);
        // 1–29 February 2028 (leap) against 1–28 February 2027.
        EqualSpans leap = EqualSpans.monthToDate(d("2028-03-01"), d("2028-02-29")).orElseThrow();
        assertThat(leap.current()).isEqualTo(span("2028-02-01", "2028-03-01"));
        assertThat(leap.lastYear()).isEqualTo(span("2027-02-01", "2027-03-01"));
        assertThat(leap.lastMonth()).isEqualTo(span("2028-01-01", "2028-01-30"));
    }

    @Test
    void aSpanOverTheAutumnDstDayIsCountedInLocalDates() {
        // 25 October 2026 has 25 hours in Paris: still one day, so 1–25 October against 1–25 September.
        EqualSpans s = EqualSpans.monthToDate(d("2026-10-26"), d("2026-10-25")).orElseThrow();
        assertThat(s.current().days()).isEqualTo(25);
        assertThat(s.lastMonth()).isEqualTo(span("2026-09-01", "2026-09-26"));
    }

    @Test
    void changeIsOnDailyAveragesOverTheDaysWithData() {
        // The issue's water: 5 days at 100 L against 6 days at 106.4 L would read −22 %; day for day it is −6 %.
        assertThat(EqualSpans.changePercent(500, 5, 532, 5)).isCloseTo(100 * (100 - 106.4) / 106.4, within(1e-9));
        assertThat(EqualSpans.changePercent(140, 14, 168, 14)).isCloseTo(-16.666_666_666, within(1e-6));
        // 28 days of February against 31 of March: 10 kWh a day both times is no change.
        assertThat(EqualSpans.changePercent(310, 31, 280, 28)).isCloseTo(0, within(1e-9));
        assertThat(EqualSpans.changePercent(10, 1, 0, 3)).isNull();
        assertThat(EqualSpans.changePercent(10, 1, 5, 0)).isNull();
    }
}
