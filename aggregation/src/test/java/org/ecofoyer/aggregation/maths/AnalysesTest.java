package org.ecofoyer.aggregation.maths;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The analyses' maths on a handful of half-hours whose results are worked out by hand (binary-exact kWh values). */
class AnalysesTest {
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    /** A half-hour starting at an instant, labelled in Paris time. */
    static SeriesPoint at(String utc, double kwh) {
        Instant start = Instant.parse(utc);
        return new SeriesPoint(LocalDateTime.ofInstant(start, PARIS), start, kwh, null, false, false, Map.of());
    }

    // Friday 23 to Monday 26 October 2026; summer time ends on Sunday 25 at 03:00 CEST (01:00 UTC): 02:00-03:00 twice.
    static final List<SeriesPoint> POINTS = List.of(
            at("2026-10-22T23:00:00Z", 0.125),   // Fri 01:00 CEST: 250 W (night)
            at("2026-10-22T23:30:00Z", 0.0625),  // Fri 01:30: 125 W (night, Friday's lowest)
            at("2026-10-23T17:00:00Z", 1.5),     // Fri 19:00: 3000 W, the peak
            at("2026-10-24T00:00:00Z", 0.25),    // Sat 02:00: 500 W (night)
            at("2026-10-24T17:00:00Z", 1.5),     // Sat 19:00: 3000 W again, later: not the peak
            at("2026-10-25T00:00:00Z", 0.125),   // Sun 02:00 CEST: 250 W (night, Sunday's lowest)
            at("2026-10-25T01:00:00Z", 0.375),   // Sun 02:00 CET, the repeated hour: 750 W (night)
            at("2026-10-25T05:00:00Z", 0.5),     // Sun 06:00 CET: 1000 W (after the night)
            at("2026-10-26T11:00:00Z", 0.25));   // Mon 12:00: 500 W

    @Test
    void baselinePeakProfilesAndTheDayHourMatrix() {
        Totals totals = new Totals(4.6875, 0.9375, null, false, 4, Map.of("HP", new Amount(3.0, 0.6), "HC", new Amount(1.6875, 0.3375)));

        Analysis a = Analyses.of(POINTS, totals, 50.0);

        // The lowest night half-hour per night: 125, 500, 250 W (Monday has no night data), all in autumn; the quietest
        // fifth of 3 nights is 1 night: 125 W. The mean of the three (291.7 W) would count the busier nights.
        assertThat(a.baseloadW()).isEqualTo(125.0);
        assertThat(a.baseloadBySeason()).isEqualTo(Map.of(Season.AUTUMN, 125.0));
        assertThat(a.peakW()).isEqualTo(3000.0);
        assertThat(a.peakAt()).isEqualTo(Instant.parse("2026-10-23T17:00:00Z"));
        assertThat(a.peakLocal()).isEqualTo(LocalDateTime.parse("2026-10-23T19:00"));
        assertThat(a.periodShare()).containsOnlyKeys("HP", "HC");
        assertThat(a.periodShare().get("HP")).isCloseTo(0.64, within(1e-12));
        assertThat(a.periodShare().get("HC")).isCloseTo(0.36, within(1e-12));
        assertThat(a.perM2Kwh()).isEqualTo(0.09375);
        assertThat(a.totals()).isSameAs(totals);

        double[] weekday = new double[48];
        weekday[2] = 250;   // Fri 01:00
        weekday[3] = 125;   // Fri 01:30
        weekday[24] = 500;  // Mon 12:00
        weekday[38] = 3000; // Fri 19:00
        assertThat(a.weekdayProfileW()).containsExactly(weekday);
        double[] weekend = new double[48];
        weekend[4] = 500;   // 02:00: Saturday 500, Sunday 250 and 750 (the repeated hour counts twice)
        weekend[12] = 1000; // Sun 06:00
        weekend[38] = 3000; // Sat 19:00
        assertThat(a.weekendProfileW()).containsExactly(weekend);

        assertThat(a.dayHourKwh()).extracting(Analysis.DayHours::day).containsExactly(LocalDate.parse("2026-10-23"),
                LocalDate.parse("2026-10-24"), LocalDate.parse("2026-10-25"), LocalDate.parse("2026-10-26"));
        assertThat(a.dayHourKwh().get(0).kwh()).containsExactly(hours(1, 0.1875, 19, 1.5));
        assertThat(a.dayHourKwh().get(1).kwh()).containsExactly(hours(2, 0.25, 19, 1.5));
        assertThat(a.dayHourKwh().get(2).kwh()).containsExactly(hours(2, 0.5, 6, 0.5)); // both 02:00 hours in hour 2
        assertThat(a.dayHourKwh().get(3).kwh()).containsExactly(hours(12, 0.25));
    }

    @Test
    void noDataGivesNoBaselineNoPeakAndEmptyMatrices() {
        Analysis a = Analyses.of(List.of(), new Totals(0, null, null, false, 0, Map.of()), null);
        assertThat(a.baseloadW()).isNull();
        assertThat(a.peakW()).isNull();
        assertThat(a.peakAt()).isNull();
        assertThat(a.peakLocal()).isNull();
        assertThat(a.periodShare()).isEmpty();
        assertThat(a.weekdayProfileW()).hasSize(48).containsOnly(0.0);
        assertThat(a.weekendProfileW()).hasSize(48).containsOnly(0.0);
        assertThat(a.dayHourKwh()).isEmpty();
        assertThat(a.perM2Kwh()).isNull();
    }

    @Test
    void halfHoursOutOfTimeOrderAreRefused() {
        List<SeriesPoint> backwards = new ArrayList<>(List.of(POINTS.get(3), POINTS.get(0)));
        assertThatThrownBy(() -> Analyses.of(backwards, new Totals(0, null, null, false, 0, Map.of()), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** 24 hourly values, zero but for the (hour, kWh) pairs given. */
    static double[] hours(double... pairs) {
        double[] h = new double[24];
        for (int i = 0; i < pairs.length; i += 2) {
            h[(int) pairs[i]] = pairs[i + 1];
        }
        return h;
    }

    /** Night half-hours of {@code nights} nights from {@code first}: 01:00–05:00 at {@code watts}, one at 3 kW at 19:00. */
    static void nights(Analyses.Builder b, LocalDate first, int nights, double watts) {
        for (int n = 0; n < nights; n++) {
            LocalDate d = first.plusDays(n);
            for (int slot = 2; slot < 10; slot++) {
                LocalDateTime local = d.atTime(slot / 2, slot % 2 * 30);
                b.add(local.atZone(PARIS).toEpochSecond(), local.toEpochSecond(java.time.ZoneOffset.UTC), watts / 2000);
            }
            LocalDateTime evening = d.atTime(19, 0);
            b.add(evening.atZone(PARIS).toEpochSecond(), evening.toEpochSecond(java.time.ZoneOffset.UTC), 1.5);
        }
    }

    @Test
    void standbyOfAHomeWithWinterHeatingIsItsQuietestSeasonNotTheYearsAverage() {
        // July: 16 nights at 200 W and 4 with guests at 400 W. January: electric heating all night, 16 nights at
        // 1,800 W and 4 milder ones at 1,500 W. Averaging every night's minimum gave
        // (16×200 + 4×400 + 16×1800 + 4×1500) / 40 = 990 W, heating counted as standby.
        Analyses.Builder b = new Analyses.Builder();
        nights(b, LocalDate.of(2026, 1, 5), 16, 1800);
        nights(b, LocalDate.of(2026, 1, 21), 4, 1500);
        nights(b, LocalDate.of(2026, 7, 1), 4, 400);
        nights(b, LocalDate.of(2026, 7, 5), 16, 200);

        Analysis a = b.build(new Totals(0, null, null, false, 0, Map.of()), null);

        // Each season: its quietest fifth (4 of 20 nights). Winter 1,500 W says heating; the headline is summer's 200 W.
        assertThat(a.baseloadBySeason()).isEqualTo(Map.of(Season.WINTER, 1500.0, Season.SUMMER, 200.0));
        assertThat(a.baseloadW()).isEqualTo(200.0);
        // The peak is still the half-hour average here; the meter's own maxima are the dashboard's to show.
        assertThat(a.peakW()).isEqualTo(3000.0);
    }

    @Test
    void aSeasonWithTooFewNightsIsNotTheHeadlineWhenAnotherHasEnough() {
        // Two quiet September nights (100 W) against a full winter (14 nights at 900 W): 900 W, the one with enough nights.
        Analyses.Builder b = new Analyses.Builder();
        nights(b, LocalDate.of(2025, 9, 29), 2, 100);
        nights(b, LocalDate.of(2025, 12, 1), 14, 900);
        Analysis a = b.build(new Totals(0, null, null, false, 0, Map.of()), null);
        assertThat(a.baseloadW()).isEqualTo(900.0);
        assertThat(a.baseloadBySeason()).containsEntry(Season.AUTUMN, 100.0);
        // With only the two September nights, they are all there is.
        Analyses.Builder few = new Analyses.Builder();
        nights(few, LocalDate.of(2025, 9, 29), 2, 100);
        assertThat(few.build(new Totals(0, null, null, false, 0, Map.of()), null).baseloadW()).isEqualTo(100.0);
    }
}
