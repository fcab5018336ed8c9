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

    static Span cut(String from, String to, String until) {
        return new Span(d(from), d(to), java.time.LocalTime.parse(until));
    }

    @Test
    void halfHourlyDataAreCutAtTheLastCompleteHalfHourWithTheSameHoursOfTheReferenceDays() {
        // 7 December 2026, 09:47: electricity complete through 09:30 today. 1 December 00:00 → 7 December 09:30
        // against 1 November 00:00 → 7 November 09:30 and 1 December 2025 00:00 → 7 December 2025 09:30.
        EqualSpans s = EqualSpans.monthToHalfHour(d("2026-12-07"), d("2026-12-06"), java.time.LocalTime.of(9, 30)).orElseThrow();
        assertThat(s.current()).isEqualTo(cut("2026-12-01", "2026-12-07", "09:30"));
        assertThat(s.current().days()).isEqualTo(6);
        assertThat(s.current().last()).isEqualTo(d("2026-12-07"));
        assertThat(s.current().end()).isEqualTo(java.time.LocalDateTime.parse("2026-12-07T09:30"));
        assertThat(s.lastMonth()).isEqualTo(cut("2026-11-01", "2026-11-07", "09:30"));
        assertThat(s.lastYear()).isEqualTo(cut("2025-12-01", "2025-12-07", "09:30"));
    }

    @Test
    void halfHourCutFallsBackToWholeDaysOnTheFirstWithAHoleOrWithoutAHalfHour() {
        java.time.LocalTime t = java.time.LocalTime.of(9, 30);
        // The 1st: the month just ended, as for daily data (a few hours are too few to compare).
        assertThat(EqualSpans.monthToHalfHour(d("2026-12-01"), d("2026-11-30"), t)).isEqualTo(EqualSpans.monthToDate(d("2026-12-01"), d("2026-11-30")));
        // Yesterday incomplete: today's half-hours would leave a hole, so whole days through the 5th.
        EqualSpans hole = EqualSpans.monthToHalfHour(d("2026-12-07"), d("2026-12-05"), t).orElseThrow();
        assertThat(hole.current()).isEqualTo(span("2026-12-01", "2026-12-06"));
        assertThat(hole.current().partial()).isFalse();
        // No complete half-hour today yet (00:10): whole days through yesterday.
        assertThat(EqualSpans.monthToHalfHour(d("2026-12-07"), d("2026-12-06"), null).orElseThrow().current())
                .isEqualTo(span("2026-12-01", "2026-12-07"));
    }

    @Test
    void aReferenceMonthThatEndsBeforeThePartialDayIsCutAtItsEndWithoutIt() {
        // 30 March 2026, 09:30: 29 whole days and a morning against February (28 days), never into March.
        EqualSpans s = EqualSpans.monthToHalfHour(d("2026-03-30"), d("2026-03-29"), java.time.LocalTime.of(9, 30)).orElseThrow();
        assertThat(s.lastMonth()).isEqualTo(span("2026-02-01", "2026-03-01"));
        // 29 March 2026, 09:30 (the spring DST day, 23 hours): 28 whole days and a morning against all of February.
        assertThat(EqualSpans.monthToHalfHour(d("2026-03-29"), d("2026-03-28"), java.time.LocalTime.of(9, 30)).orElseThrow().lastMonth())
                .isEqualTo(span("2026-02-01", "2026-03-01"));
        // 28 March: 27 whole days and a morning fit in February: 1 February → 28 February 09:30.
        assertThat(EqualSpans.monthToHalfHour(d("2026-03-28"), d("2026-03-27"), java.time.LocalTime.of(9, 30)).orElseThrow().lastMonth())
                .isEqualTo(cut("2026-02-01", "2026-02-28", "09:30"));
    }

    @Test
    void onTheAutumnDstMorningThePartialDayIsWeighedByItsHalfHours() {
        // 25 October 2026, 09:47 in Paris: 00:00–09:30 holds 21 half-hours (the 02:00–03:00 hour twice) against 19 on
        // 25 September. 1 kWh every half-hour, 24 whole days of 48: 24×48+21 = 1,173 kWh against 24×48+19 = 1,171 kWh.
        // Per half-hour it is the same consumption: 0 %, where the ratio of totals would read +0.17 %.
        EqualSpans s = EqualSpans.monthToHalfHour(d("2026-10-25"), d("2026-10-24"), java.time.LocalTime.of(9, 30)).orElseThrow();
        assertThat(s.lastMonth()).isEqualTo(cut("2026-09-01", "2026-09-25", "09:30"));
        assertThat(EqualSpans.changePercent(1173, 24, 21, 1171, 24, 19)).isCloseTo(0, within(1e-9));
        // 10 % more every half-hour: +10 %, whatever the hour count.
        assertThat(EqualSpans.changePercent(1.1 * 1173, 24, 21, 1171, 24, 19)).isCloseTo(10, within(1e-9));
        // The reference with no data, or nothing consumed then: nothing to compare.
        assertThat(EqualSpans.changePercent(10, 1, 3, 0, 0, 0)).isNull();
        assertThat(EqualSpans.changePercent(10, 1, 3, 0, 1, 3)).isNull();
    }

    @Test
    void theCutIsTheEndOfTheRunOfCompleteHalfHoursSinceMidnightInInstants() {
        java.time.ZoneId paris = java.time.ZoneId.of("Europe/Paris");
        java.time.ZonedDateTime midnight = d("2026-10-25").atStartOfDay(paris);
        java.util.List<java.time.Instant> run = new java.util.ArrayList<>();
        for (int i = 0; i < 21; i++) {
            run.add(midnight.toInstant().plusSeconds(1800L * i));
        }
        // 21 half-hours from 00:00 CEST on the autumn DST day end at 09:30 CET (10.5 hours later), not 10:30.
        assertThat(EqualSpans.halfHourCut(midnight, run)).isEqualTo(java.time.LocalTime.of(9, 30));
        // A hole in the ninth half-hour (02:00 UTC, after the clocks went back) cuts the run there: 03:00 CET.
        java.util.List<java.time.Instant> holed = new java.util.ArrayList<>(run);
        holed.remove(8);
        assertThat(EqualSpans.halfHourCut(midnight, holed)).isEqualTo(java.time.LocalTime.of(3, 0));
        // Nothing from midnight: no cut.
        assertThat(EqualSpans.halfHourCut(midnight, run.subList(1, 21))).isNull();
        assertThat(EqualSpans.halfHourCut(midnight, java.util.List.of())).isNull();
    }
}
