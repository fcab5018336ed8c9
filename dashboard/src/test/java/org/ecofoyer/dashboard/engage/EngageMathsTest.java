package org.ecofoyer.dashboard.engage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engagement's pure rules, by hand. */
class EngageMathsTest {
    @Test
    void wholeMonthsCompareTotalsAndIncompleteOnesDailyAverages() {
        // October (31 days) 310 kWh vs September (30 days) 300 kWh: whole months, +3.3 % (the totals, as the household pays).
        ReportMaths.Change whole = ReportMaths.change(310, 31, 31, 300, 30, 30);
        assertThat(whole.basis()).isEqualTo("month");
        assertThat(whole.pct()).isCloseTo(10.0 / 300 * 100, within(1e-9));
        // The same October with 5 days missing: 260 kWh over 26 days vs 10 a day: 0 %, not -13 %.
        ReportMaths.Change partial = ReportMaths.change(260, 26, 31, 300, 30, 30);
        assertThat(partial.basis()).isEqualTo("daily_average");
        assertThat(partial.pct()).isCloseTo(0.0, within(1e-9));
        assertThat(ReportMaths.change(260, 26, 31, 0, 0, 30)).isNull();
        assertThat(ReportMaths.change(260, 26, 31, 0, 30, 30).pct()).isNull();
        Map<String, ReportMaths.Change> m = new LinkedHashMap<>();
        m.put("electricity", whole);
        m.put("water", ReportMaths.change(90, 30, 30, 100, 30, 30)); // -10 %
        assertThat(ReportMaths.biggest(m)).hasValue("water");
    }

    @Test
    void alertRules() {
        assertThat(AlertRules.continuousNightFlow(List.of(1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0))).isTrue();
        assertThat(AlertRules.continuousNightFlow(List.of(1.0, 1.0, 1.0, 0.0, 1.0, 1.0, 1.0, 1.0))).isFalse(); // one still half-hour
        assertThat(AlertRules.continuousNightFlow(List.of(1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0))).isFalse(); // a half-hour unknown
        List<Double> usual = Collections.nCopies(14, 10.0);
        assertThat(AlertRules.unusual(15.0, usual)).hasValue(1.5);
        assertThat(AlertRules.unusual(14.9, usual)).isEmpty();
        assertThat(AlertRules.unusual(100, Collections.nCopies(13, 10.0))).isEmpty(); // too little history
        Instant now = Instant.parse("2026-11-15T12:00:00Z");
        assertThat(AlertRules.silent(now.minusSeconds(48 * 3600 + 1), now.minusSeconds(999_999), now)).isTrue();
        assertThat(AlertRules.silent(now.minusSeconds(48 * 3600), now.minusSeconds(999_999), now)).isFalse();
        assertThat(AlertRules.silent(null, now.minusSeconds(3600), now)).isFalse(); // a new meter, not silent yet
        assertThat(AlertRules.budgetAtRisk(100, 100.0)).isTrue();
        assertThat(AlertRules.budgetAtRisk(99.99, 100.0)).isFalse();
        assertThat(AlertRules.budgetAtRisk(1000, null)).isFalse();
    }

    @Test
    void forecastsAndChallenges() {
        // 140 over 14 of 30 days, recent 28 days 252 over 21 days with data (12 a day): 140 + 16 × 12.
        assertThat(Forecasts.atRecentRate(140, 14, 30, 252, 21).total()).isCloseTo(332.0, within(1e-9));
        // The year from last year's rest when all of its days are there, else at the recent rate.
        assertThat(Forecasts.year(3000, 300, 365, 900, 65, 10, 1).basis()).isEqualTo("last_year");
        assertThat(Forecasts.year(3000, 300, 365, 900, 65, 10, 1).total()).isEqualTo(3900.0);
        assertThat(Forecasts.year(3000, 300, 365, 800, 60, 10, 1).total()).isEqualTo(3650.0);

        assertThat(ChallengeMaths.usual(280, 28, 7)).isEqualTo(70.0);
        ChallengeMaths.Progress p = ChallengeMaths.progress(70, 10, 50, 5, 7); // target 63, allowed so far 45
        assertThat(p.allowedSoFar()).isCloseTo(45.0, within(1e-9));
        assertThat(p.onTrack()).isFalse();
        assertThat(ChallengeMaths.result(p, 0)).isNull(); // data of two days still to come, within the grace days
        assertThat(ChallengeMaths.result(p, 3)).isEqualTo("lost"); // 50 / 5 × 7 = 70 > 63
        assertThat(ChallengeMaths.result(ChallengeMaths.progress(70, 10, 63, 7, 7), 0)).isEqualTo("won");
        assertThat(ChallengeMaths.result(ChallengeMaths.progress(70, 10, 63, 7, 7), -1)).isNull();
    }

    @Test
    void sharesFollowTheHome() {
        Ecogestures cat = new Ecogestures();
        var none = org.ecofoyer.core.HouseholdProfile.EMPTY;
        // Electricity heating nothing: cooking 6 and appliances 17 of 23.
        assertThat(cat.share("SPECIFIC", org.ecofoyer.core.Fluid.ELECTRICITY, none)).isCloseTo(17.0 / 23, within(1e-12));
        assertThat(cat.share("HEATING", org.ecofoyer.core.Fluid.ELECTRICITY, none)).isZero();
        var electric = new org.ecofoyer.core.HouseholdProfile(null, null, org.ecofoyer.core.HouseholdProfile.HeatingEnergy.ELECTRICITY,
                null, org.ecofoyer.core.HouseholdProfile.HotWater.ELECTRIC_TANK, null, null, null);
        assertThat(cat.share("HEATING", org.ecofoyer.core.Fluid.ELECTRICITY, electric)).isCloseTo(0.66, within(1e-12));
        assertThat(cat.share("SHOWER_BATH", org.ecofoyer.core.Fluid.WATER, none)).isCloseTo(0.39, within(1e-12));
        assertThat(GestureSavings.of(1000, 0.5, 10, 0.2).quantity()).isEqualTo(50.0);
        assertThat(GestureSavings.of(1000, 0.5, 10, 0.2).eur()).isCloseTo(10.0, within(1e-12));
        assertThat(GestureSavings.yearly(100, 27)).isNull();
        assertThat(GestureSavings.yearly(280, 28)).isCloseTo(3650.0, within(1e-9));
    }
}
