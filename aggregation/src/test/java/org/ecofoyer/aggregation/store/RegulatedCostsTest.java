package org.ecofoyer.aggregation.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.ecofoyer.aggregation.AggregationConfig;
import org.ecofoyer.aggregation.maths.MissingPrice;
import org.ecofoyer.aggregation.maths.Totals;
import org.ecofoyer.aggregation.query.RollupReader;
import org.ecofoyer.core.Fluid;
import org.ecofoyer.core.TempoColour;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #16: every fluid's subscription in the costs, from the regulated prices the migrations seed (V20_1_1, V20_3_0),
 * picked by the meter's own tariff option and subscribed power, prorated per day across a price change; and a price the
 * shared data do not give still shows as missing, with its exact days. Real PostgreSQL; every figure by hand from the
 * files in {@code fr-prices.csv}'s sources.
 */
class RegulatedCostsTest {
    static Database db;
    static Recompute recompute;

    @BeforeAll
    static void open() {
        db = TestDatabases.newMigratedDatabase();
        // A clock past every reading here (the recompute ignores readings beyond now), never the wall clock.
        recompute = new Recompute(db.dataSource(), AggregationConfig.DEFAULTS, Clock.fixed(Instant.parse("2026-03-01T00:00:00Z"), ZoneOffset.UTC));
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void anHpHcHouseholdPaysItsOwnLevelsSubscriptionEachDayAcrossThePriceChangeOfAugust2025() throws SQLException {
        int m = meter("h-hphc", "m-hphc", Fluid.ELECTRICITY, "HPHC", 9);
        // Each day 1 kWh at noon (HP) and 2 kWh at 02:00 (HC), on the last day of the 2025-02-01 grid and the first of the
        // 2025-08-01 one.
        readings(m, "index.HP", "2025-07-31T12:00", 0, "2025-07-31T12:30", 1000, "2025-08-01T12:00", 1000, "2025-08-01T12:30", 2000);
        readings(m, "index.HC", "2025-07-31T02:00", 0, "2025-07-31T02:30", 2000, "2025-08-01T02:00", 2000, "2025-08-01T02:30", 4000);
        recompute.drain();
        Totals t = totals("h-hphc", Fluid.ELECTRICITY, "2025-07-31", "2025-08-02");
        assertThat(t.quantity()).isCloseTo(6.0, within(1e-9));
        // CRE-HPHC: 31 July 1 × 0.2146 + 2 × 0.1696; 1 August 1 × 0.2081 + 2 × 0.1635.
        assertThat(t.costEur()).isCloseTo(0.2146 + 0.3392 + 0.2081 + 0.3270, within(1e-9));
        // 9 kVA: 214.88 €/year until 31 July, 239.84 from 1 August, each over 365 days (rounded to 8 decimals per day).
        // A 6 kVA (the unknown level's default) gives 169.81 and 189.99, Base 9 kVA 208.55 and 233.70, one grid for
        // both days 2 × either: each differs.
        assertThat(t.subscriptionEur()).isCloseTo(0.58871233 + 0.65709589, within(1e-9));
        assertThat(t.subscriptionDays()).isEqualTo(2);
        assertThat(t.costsIncomplete()).isFalse();
    }

    @Test
    void aTempoHouseholdPaysEachColourAndItsSubscriptionAcrossTheGridOfFebruary2026() throws SQLException {
        int m = meter("h-tempo", "m-tempo", Fluid.ELECTRICITY, "TEMPO", 9);
        try (Connection c = db.dataSource().getConnection()) {
            CalendarStore.setTempo(c, Map.of(LocalDate.parse("2026-01-31"), TempoColour.WHITE, LocalDate.parse("2026-02-01"), TempoColour.BLUE));
        }
        // 1 kWh at noon and 2 kWh at 23:00 each day: the Tempo day runs 06:00 → 06:00, so 23:00 is that day's HC.
        readings(m, "index.total", "2026-01-31T12:00", 0, "2026-01-31T12:30", 1000, "2026-01-31T23:00", 1000, "2026-01-31T23:30", 3000,
                "2026-02-01T12:00", 3000, "2026-02-01T12:30", 4000, "2026-02-01T23:00", 4000, "2026-02-01T23:30", 6000);
        recompute.drain();
        Totals t = totals("h-tempo", Fluid.ELECTRICITY, "2026-01-31", "2026-02-02");
        assertThat(t.quantity()).isCloseTo(6.0, within(1e-9));
        // White (CRE-TEMPO 2025-08-01): 1 × 0.1730 + 2 × 0.1391; blue (EDF sheet 2026-02-01): 1 × 0.1612 + 2 × 0.1325.
        assertThat(t.costEur()).isCloseTo(0.1730 + 0.2782 + 0.1612 + 0.2650, within(1e-9));
        assertThat(t.periods()).containsOnlyKeys("TEMPO_WHITE_HP", "TEMPO_WHITE_HC", "TEMPO_BLUE_HP", "TEMPO_BLUE_HC");
        // 9 kVA: 235.12 €/year on 31 January (CRE-TEMPO), 19.38 €/month × 12 = 232.56 from 1 February (EDF sheet).
        assertThat(t.subscriptionEur()).isCloseTo(0.64416438 + 0.63715068, within(1e-9));
        assertThat(t.subscriptionDays()).isEqualTo(2);
        assertThat(t.costsIncomplete()).isFalse();
    }

    @Test
    void gasPaysItsBandsReferencePriceAndSubscriptionMonthByMonth() throws SQLException {
        int cooking = meter("h-gas-b0", "m-gas-b0", Fluid.GAS, "PRIX_REPERE_B0", null);
        int heating = meter("h-gas-b1", "m-gas-b1", Fluid.GAS, null, null);
        for (int m : new int[] {cooking, heating}) {
            // Two gas days of 10 kWh (GRDF's day starts at 06:00 and is shown on the date it starts).
            readings(m, "gas.energy.daily", "2025-07-31T06:00", 10_000, "2025-08-01T06:00", 10_000);
        }
        recompute.drain();
        Totals b0 = totals("h-gas-b0", Fluid.GAS, "2025-07-31", "2025-08-02");
        // Cooking and hot water (B0): 0.140 €/kWh and 117.93 €/year in July 2025, 0.139 and 134.14 in August.
        assertThat(b0.costEur()).isCloseTo(1.40 + 1.39, within(1e-9));
        assertThat(b0.subscriptionEur()).isCloseTo(0.32309589 + 0.36750685, within(1e-9));
        assertThat(b0.costsIncomplete()).isFalse();
        // A gas meter without an option is priced from the heating band (B1): 0.109 / 290.83 then 0.108 / 330.80.
        Totals b1 = totals("h-gas-b1", Fluid.GAS, "2025-07-31", "2025-08-02");
        assertThat(b1.costEur()).isCloseTo(1.09 + 1.08, within(1e-9));
        assertThat(b1.subscriptionEur()).isCloseTo(0.79679452 + 0.90630137, within(1e-9));
        assertThat(b1.costsIncomplete()).isFalse();
    }

    @Test
    void theDoubtfulHpHcSubscriptionOfFebruary2026StaysMissingWithItsExactDays() throws SQLException {
        int m = meter("h-gap", "m-gap", Fluid.ELECTRICITY, "HPHC", 9);
        readings(m, "index.HP", "2026-01-31T12:00", 0, "2026-01-31T12:30", 1000, "2026-02-01T12:00", 1000, "2026-02-01T12:30", 2000,
                "2026-02-02T12:00", 2000, "2026-02-02T12:30", 3000);
        recompute.drain();
        Totals t = totals("h-gap", Fluid.ELECTRICITY, "2026-01-31", "2026-02-03");
        // The energy is priced on every day (0.2081 in January, 0.2065 from the EDF sheet's 2026-02-01 grid)...
        assertThat(t.costEur()).isCloseTo(0.2081 + 0.2065 + 0.2065, within(1e-9));
        // ...the subscription only on 31 January: the 2025-08-01 grid is not carried past the next grid's start.
        assertThat(t.subscriptionEur()).isCloseTo(0.65709589, within(1e-9));
        assertThat(t.subscriptionDays()).isEqualTo(1);
        assertThat(t.days()).isEqualTo(3);
        assertThat(t.costsIncomplete()).isTrue();
        try (Connection c = db.dataSource().getConnection()) {
            List<MissingPrice> missing = new RollupReader(c).missingPrices("h-gap");
            assertThat(missing).containsExactly(new MissingPrice("m-gap", "h-gap", Fluid.ELECTRICITY, "HPHC", 9, "subscription", "*",
                    LocalDate.parse("2026-02-01"), LocalDate.parse("2026-02-02"), 2));
        }
    }

    @Test
    void aMissingPriceIsNamedByTheSubscriptionTheMeterToldNotTheTypedOne() throws SQLException {
        // Typed as Base 6 kVA (priced every day), but the meter says HP/HC 9 kVA: the costs look for HP/HC 9 kVA, whose
        // subscription from 2026-02-01 is missing, so that is the price to add — not a Base 6 kVA one, which exists.
        int m = meter("h-told", "m-told", Fluid.ELECTRICITY, "BASE", 6);
        try (Connection c = db.dataSource().getConnection(); var st = c.createStatement()) {
            st.execute("INSERT INTO meter_contract (meter_id, learned_at, kva, tariff_option, source) VALUES (" + m
                    + ", '2026-01-01T00:00Z', 9, 'HPHC', 'tic')");
        }
        readings(m, "index.HP", "2026-01-31T12:00", 0, "2026-01-31T12:30", 1000, "2026-02-01T12:00", 1000, "2026-02-01T12:30", 2000,
                "2026-02-02T12:00", 2000, "2026-02-02T12:30", 3000);
        recompute.drain();
        assertThat(totals("h-told", Fluid.ELECTRICITY, "2026-01-31", "2026-02-03").subscriptionDays()).isEqualTo(1);
        try (Connection c = db.dataSource().getConnection()) {
            assertThat(new RollupReader(c).missingPrices("h-told")).containsExactly(new MissingPrice("m-told", "h-told",
                    Fluid.ELECTRICITY, "HPHC", 9, "subscription", "*", LocalDate.parse("2026-02-01"), LocalDate.parse("2026-02-02"), 2));
        }
    }

    static Totals totals(String household, Fluid fluid, String from, String to) throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            return new RollupReader(c).totals(household, fluid, LocalDate.parse(from), LocalDate.parse(to));
        }
    }

    static int meter(String household, String code, Fluid fluid, String option, Integer kva) throws SQLException {
        return TestRows.meter(db, household, code, fluid, option, kva);
    }

    static void readings(int meter, String channel, Object... localValue) throws SQLException {
        TestRows.readingsAtParis(db, meter, channel, localValue);
    }
}
