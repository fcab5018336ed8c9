package org.ecofoyer.aggregation.maths;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ecofoyer.aggregation.maths.SlotCalculator.Sample;
import org.ecofoyer.aggregation.store.PriceFile;
import org.ecofoyer.core.Fluid;
import org.ecofoyer.core.TariffOption;
import org.ecofoyer.core.TempoColour;
import org.junit.jupiter.api.Test;

/** Hand-computed scenarios: every expected number below was worked out by hand, not by the code. */
class MeterRollupTest {
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    static final PriceTable SEED = new PriceTable(PriceFile.seed());

    static Instant utc(String s) {
        return Instant.parse(s);
    }

    static Instant local(String s) {
        return LocalDateTime.parse(s).atZone(PARIS).toInstant();
    }

    /** Readings every 30 minutes from {@code first}, {@code n} of them, each {@code step} Wh above the previous. */
    static List<Sample> every30(Instant first, int n, long start, long step) {
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Sample(first.plusSeconds(1800L * i), start + step * i));
        }
        return out;
    }

    static MeterSpec meter(String option, int kva) {
        return MeterSpec.of(1, Fluid.ELECTRICITY, option, kva, PARIS);
    }

    static List<RollupRow> rollup(MeterSpec m, PriceTable prices, PeriodCalendar cal, Map<String, List<Sample>> data,
                                  String from, String to) {
        return new MeterRollup(m, prices, cal, Map.of(), SlotCalculator.Params.DEFAULT)
                .compute(data, LocalDate.parse(from), LocalDate.parse(to));
    }

    static List<RollupRow> rows(List<RollupRow> all, Granularity g, String period) {
        return all.stream().filter(r -> r.granularity() == g && r.period().equals(period)).toList();
    }

    static RollupRow day(List<RollupRow> all, String date, String period) {
        return all.stream().filter(r -> r.granularity() == Granularity.DAY && r.period().equals(period)
                && r.localStart().toLocalDate().toString().equals(date)).findFirst().orElseThrow();
    }

    static BigDecimal eur(String s) {
        return new BigDecimal(s).setScale(Costs.SCALE);
    }

    @Test
    void springForwardDayHas46HalfHoursAndAnExactTotal() {
        // 2026-03-29: local 00:00 is 2026-03-28T23:00Z, the next local midnight is 2026-03-29T22:00Z: 23 hours.
        List<Sample> r = every30(utc("2026-03-28T23:00:00Z"), 47, 1_000_000, 100);
        List<RollupRow> all = rollup(meter("base", 6), SEED, PeriodCalendar.of(TariffOption.BASE),
                Map.of("index.total", r), "2026-03-29", "2026-03-30");
        List<RollupRow> halves = rows(all, Granularity.HALF_HOUR, "total");
        assertThat(halves).hasSize(46);
        assertThat(halves).allMatch(h -> h.quantity() == 100 && !h.estimated());
        // 01:30 local is followed by 03:00 local: 02:00-03:00 does not exist that day.
        assertThat(halves.get(3).localStart()).isEqualTo(LocalDateTime.parse("2026-03-29T01:30"));
        assertThat(halves.get(4).localStart()).isEqualTo(LocalDateTime.parse("2026-03-29T03:00"));
        RollupRow day = day(all, "2026-03-29", "total");
        assertThat(day.quantity()).isEqualTo(4600);
        assertThat(day.incomplete()).isFalse();
        // 4.6 kWh × 0.1940 €/kWh (Base 6 kVA from 2026-02-01, EDF's sheet) = 0.8924 €
        assertThat(day.cost()).isEqualByComparingTo("0.8924");
        assertThat(day(all, "2026-03-29", "BASE").quantity()).isEqualTo(4600);
    }

    @Test
    void fallBackDayHas50HalfHoursAndTellsTheTwo2amHoursApart() {
        // 2026-10-25: local 00:00 is 2026-10-24T22:00Z, the next local midnight is 2026-10-25T23:00Z: 25 hours.
        List<Sample> r = every30(utc("2026-10-24T22:00:00Z"), 51, 0, 200);
        List<RollupRow> all = rollup(meter("base", 6), SEED, PeriodCalendar.of(TariffOption.BASE),
                Map.of("index.total", r), "2026-10-25", "2026-10-26");
        List<RollupRow> halves = rows(all, Granularity.HALF_HOUR, "total");
        assertThat(halves).hasSize(50);
        List<RollupRow> twoAm = halves.stream().filter(h -> h.localStart().equals(LocalDateTime.parse("2026-10-25T02:00"))).toList();
        assertThat(twoAm).extracting(RollupRow::start)
                .containsExactly(utc("2026-10-25T00:00:00Z"), utc("2026-10-25T01:00:00Z"));
        RollupRow day = day(all, "2026-10-25", "total");
        assertThat(day.quantity()).isEqualTo(10_000);
        assertThat(day.incomplete()).isFalse();
        // 10 kWh × 0.1940 = 1.94 €
        assertThat(day.cost()).isEqualByComparingTo("1.94");
    }

    @Test
    void ordinaryDayWithDataMissingAtTheEndIsIncomplete() {
        List<Sample> r = every30(local("2026-06-10T00:00"), 21, 0, 10); // up to 10:00
        RollupRow day = day(rollup(meter("base", 6), SEED, PeriodCalendar.of(TariffOption.BASE),
                Map.of("index.total", r), "2026-06-10", "2026-06-11"), "2026-06-10", "total");
        assertThat(day.quantity()).isEqualTo(200);
        assertThat(day.incomplete()).isTrue();
    }

    @Test
    void priceChangeAtMidnightPricesEachSideAtItsOwnPrice() {
        // A 6 kVA Base meter: 0.1952 €/kWh until 2026-02-01 00:00 local, then 0.1940 (its own level's row of the
        // 2026-02-01 grid; 9 kVA and up keep the kva-0 0.19266, the next test).
        // Readings at 23:30, 00:00 and 00:30 local: 1000 Wh before midnight, 1000 Wh after. The reading exactly at
        // 00:00 closes January's last half-hour.
        List<Sample> r = List.of(new Sample(local("2026-01-31T23:30"), 5_000), new Sample(local("2026-02-01T00:00"), 6_000),
                new Sample(local("2026-02-01T00:30"), 7_000));
        List<RollupRow> all = rollup(meter("base", 6), SEED, PeriodCalendar.of(TariffOption.BASE),
                Map.of("index.total", r), "2026-01-31", "2026-02-02");
        assertThat(day(all, "2026-01-31", "total").quantity()).isEqualTo(1000);
        assertThat(day(all, "2026-01-31", "total").cost()).isEqualByComparingTo("0.1952");
        assertThat(day(all, "2026-02-01", "total").quantity()).isEqualTo(1000);
        assertThat(day(all, "2026-02-01", "total").cost()).isEqualByComparingTo("0.1940");
        // Subscription apart: 6 kVA 185.94 €/year from 2025-08-01, per day of a 365-day year = 0.50942466 €; from
        // 2026-02-01 15.65 €/month × 12 = 187.80 €/year (EDF's sheet) = 0.51452055 €
        assertThat(day(all, "2026-01-31", "subscription").cost()).isEqualByComparingTo("0.50942466");
        assertThat(day(all, "2026-01-31", "subscription").quantity()).isZero();
        assertThat(day(all, "2026-02-01", "subscription").cost()).isEqualByComparingTo("0.51452055");
    }

    @Test
    void aBaseMeterOf9KvaKeepsTheEveryLevelPriceOfFebruary2026() {
        List<Sample> r = List.of(new Sample(local("2026-02-01T00:00"), 6_000), new Sample(local("2026-02-01T00:30"), 7_000));
        List<RollupRow> all = rollup(meter("base", 9), SEED, PeriodCalendar.of(TariffOption.BASE),
                Map.of("index.total", r), "2026-02-01", "2026-02-02");
        // 1 kWh × 0.19266 (CRE, 9 kVA, applied at every level without a row of its own); 19.56 €/month × 12 / 365
        assertThat(day(all, "2026-02-01", "total").cost()).isEqualByComparingTo("0.19266");
        assertThat(day(all, "2026-02-01", "subscription").cost()).isEqualByComparingTo("0.64306849");
    }

    @Test
    void priceChangeInTheMiddleOfAHalfHourSplitsItsConsumption() {
        Instant change = utc("2026-06-01T10:15:00Z");
        PriceTable prices = new PriceTable(List.of(
                new Price(Fluid.ELECTRICITY, "BASE", "energy", "BASE", 0, utc("2026-01-01T00:00:00Z"), change, new BigDecimal("0.20"), "test"),
                new Price(Fluid.ELECTRICITY, "BASE", "energy", "BASE", 0, change, null, new BigDecimal("0.30"), "test")));
        // 10:00 → 10:10: 200 Wh, all before the change; 10:10 → 10:20: 200 Wh straddling it (100 + 100 by time);
        // 10:20 → 10:30: 200 Wh after. Before: 300 Wh × 0.20 = 0.06 €; after: 300 Wh × 0.30 = 0.09 €.
        List<Sample> r = List.of(new Sample(utc("2026-06-01T10:00:00Z"), 0), new Sample(utc("2026-06-01T10:10:00Z"), 200),
                new Sample(utc("2026-06-01T10:20:00Z"), 400), new Sample(utc("2026-06-01T10:30:00Z"), 600));
        List<RollupRow> all = rollup(meter("base", 6), prices, PeriodCalendar.of(TariffOption.BASE),
                Map.of("index.total", r), "2026-06-01", "2026-06-02");
        RollupRow slot = rows(all, Granularity.HALF_HOUR, "total").get(0);
        assertThat(slot.start()).isEqualTo(utc("2026-06-01T10:00:00Z"));
        assertThat(slot.quantity()).isEqualTo(600);
        assertThat(slot.cost()).isEqualByComparingTo("0.15");
    }

    @Test
    void meterReplacedMidDayStartsANewBaseline() {
        // Old meter: 50 000 → 50 400 Wh; replaced before 11:00; the new meter reads 20 then 320.
        List<Sample> r = List.of(new Sample(local("2026-05-05T10:00"), 50_000), new Sample(local("2026-05-05T10:30"), 50_400),
                new Sample(local("2026-05-05T11:00"), 20), new Sample(local("2026-05-05T11:30"), 320));
        List<RollupRow> all = rollup(meter("base", 6), SEED, PeriodCalendar.of(TariffOption.BASE),
                Map.of("index.total", r), "2026-05-05", "2026-05-06");
        List<RollupRow> halves = rows(all, Granularity.HALF_HOUR, "total");
        assertThat(halves).extracting(RollupRow::quantity).containsExactly(400L, 0L, 300L);
        assertThat(halves).extracting(RollupRow::estimated).containsExactly(false, true, false);
        assertThat(day(all, "2026-05-05", "total").quantity()).isEqualTo(700);
        assertThat(day(all, "2026-05-05", "total").estimated()).isTrue();
    }

    @Test
    void anImplausibleJumpIsKeptAndFlaggedNotDiscarded() {
        // +5 000 000 Wh in 30 minutes would be 10 MW: it cannot be placed in time, but it is not thrown away either
        // (an index that stays up really rose: only a decrease is a reset). No earlier reading to spread it from: the
        // pair's own span, 10:00 -> 10:30, takes it whole, flagged estimated.
        List<Sample> r = List.of(new Sample(local("2026-05-05T10:00"), 1_000), new Sample(local("2026-05-05T10:30"), 5_001_000),
                new Sample(local("2026-05-05T11:00"), 5_001_250));
        List<RollupRow> halves = rows(rollup(meter("base", 6), SEED, PeriodCalendar.of(TariffOption.BASE),
                Map.of("index.total", r), "2026-05-05", "2026-05-06"), Granularity.HALF_HOUR, "total");
        assertThat(halves).extracting(RollupRow::quantity).containsExactly(5_000_000L, 250L);
        assertThat(halves).extracting(RollupRow::estimated).containsExactly(true, false);
    }

    @Test
    void aBurstStampedOnReceptionIsSpreadSinceTheLastTrustedReading() {
        // 09:30 → 09:50: 50 Wh. Then an outage; the queued frames arrive at once, stamped 10:10:00.000, .001 and .002
        // on reception, the index at 1 100, 1 150 and 1 200.
        //  - 09:50 → 10:10:00.000: 100 Wh in 20 min (300 W): plausible, boundary rule, all to the 10:00 half-hour.
        //  - .000 → .001: 50 Wh in 1 ms is 180 MW: too fast. Last trusted reading: 09:50 (150 Wh in 20 min 0.001 s is
        //    450 W). The 50 Wh are spread over (09:50, 10:10:00.001]: 600 s in the 09:30 half-hour, 600.001 s in the
        //    10:00 one: 24.99998 and 25.00002 → 24 and 25, and the 1 Wh left to the larger remainder (09:30): 25, 25.
        //  - .001 → .002: 50 Wh in 1 ms again; from 10:10:00.000 still too fast (100 Wh in 2 ms), from 09:50 plausible
        //    (200 Wh, 600 W): spread over (09:50, 10:10:00.002] the same way: 25, 25.
        // 09:30: 50 + 25 + 25 = 100; 10:00: 100 + 25 + 25 = 150; 250 in all = 1 200 - 950, both estimated. (The old
        // rule counted both 50 Wh rises as zero: 100 Wh lost.)
        Instant burst = local("2026-05-05T10:10");
        List<Sample> r = List.of(new Sample(local("2026-05-05T09:30"), 950), new Sample(local("2026-05-05T09:50"), 1_000),
                new Sample(burst, 1_100), new Sample(burst.plusMillis(1), 1_150), new Sample(burst.plusMillis(2), 1_200));
        List<RollupRow> all = rollup(meter("base", 6), SEED, PeriodCalendar.of(TariffOption.BASE),
                Map.of("index.total", r), "2026-05-05", "2026-05-06");
        List<RollupRow> halves = rows(all, Granularity.HALF_HOUR, "total");
        assertThat(halves).extracting(h -> h.localStart().toLocalTime().toString()).containsExactly("09:30", "10:00");
        assertThat(halves).extracting(RollupRow::quantity).containsExactly(100L, 150L);
        assertThat(halves).extracting(RollupRow::estimated).containsExactly(true, true);
        assertThat(day(all, "2026-05-05", "total").quantity()).isEqualTo(250);
    }

    @Test
    void theLastTrustedReadingIsNotLookedForAcrossADecreaseNorBeyondMaxGap() {
        Samples s = Samples.of(List.of(new Sample(local("2026-05-05T09:00"), 500), new Sample(local("2026-05-05T09:20"), 1_000),
                new Sample(local("2026-05-05T09:50"), 100), new Sample(local("2026-05-05T10:00"), 110),
                new Sample(local("2026-05-05T10:00").plusMillis(1), 200)));
        long gapUs = SlotCalculator.Params.DEFAULT.maxGap().toNanos() / 1000;
        long watts = SlotCalculator.Params.DEFAULT.maxWatts();
        // 90 Wh in 1 ms: too fast; from 10:00 no, from 09:50 (100 Wh in 10 min) yes.
        assertThat(SlotCalculator.lastTrusted(s, 4, gapUs, watts)).isEqualTo(2);
        // Were 09:50 implausible too, the decrease before it (1 000 → 100) stops the search there: the earliest is 2.
        assertThat(SlotCalculator.lastTrusted(s, 4, gapUs, 1)).isEqualTo(2);
        // With a 5-minute window, only the pair's own start counts: 3.
        assertThat(SlotCalculator.lastTrusted(s, 4, 300_000_000L, watts)).isEqualTo(3);
    }

    @Test
    void threeHourGapIsSpreadEvenlyOverItsHalfHoursAndFlagged() {
        // 09:30 → 10:00: 100 Wh; nothing between 10:00 and 13:00, where the index rose by 601 Wh: 6 half-hours of
        // 601/6 = 100.17 → 100 each and the remaining 1 Wh to the first; 13:00 → 13:30: 50 Wh.
        List<Sample> r = List.of(new Sample(local("2026-05-05T09:30"), 1_000), new Sample(local("2026-05-05T10:00"), 1_100),
                new Sample(local("2026-05-05T13:00"), 1_701), new Sample(local("2026-05-05T13:30"), 1_751));
        List<RollupRow> all = rollup(meter("base", 6), SEED, PeriodCalendar.of(TariffOption.BASE),
                Map.of("index.total", r), "2026-05-05", "2026-05-06");
        List<RollupRow> halves = rows(all, Granularity.HALF_HOUR, "total");
        assertThat(halves).extracting(h -> h.localStart().toLocalTime().toString())
                .containsExactly("09:30", "10:00", "10:30", "11:00", "11:30", "12:00", "12:30", "13:00");
        assertThat(halves).extracting(RollupRow::quantity).containsExactly(100L, 101L, 100L, 100L, 100L, 100L, 100L, 50L);
        assertThat(halves).extracting(RollupRow::estimated).containsExactly(false, true, true, true, true, true, true, false);
        assertThat(day(all, "2026-05-05", "total").quantity()).isEqualTo(751);
        assertThat(day(all, "2026-05-05", "total").estimated()).isTrue();
    }

    @Test
    void anIndexThatStoodStillForHoursConsumedExactlyNothingAndIsNotAnEstimate() {
        // 09:30 → 10:00: 100 Wh; then the index stays at 1,100 until 12:00 (stored again only when it moves, at
        // 12:10): the five half-hours 10:00 → 12:30 are exact zeros but the last, which holds the 12:10 rise of 40 Wh.
        List<Sample> r = List.of(new Sample(local("2026-05-05T09:30"), 1_000), new Sample(local("2026-05-05T10:00"), 1_100),
                new Sample(local("2026-05-05T12:09:58"), 1_100), new Sample(local("2026-05-05T12:10"), 1_140));
        List<RollupRow> all = rollup(meter("base", 6), SEED, PeriodCalendar.of(TariffOption.BASE),
                Map.of("index.total", r), "2026-05-05", "2026-05-06");
        List<RollupRow> halves = rows(all, Granularity.HALF_HOUR, "total");
        assertThat(halves).extracting(h -> h.localStart().toLocalTime().toString())
                .containsExactly("09:30", "10:00", "10:30", "11:00", "11:30", "12:00");
        assertThat(halves).extracting(RollupRow::quantity).containsExactly(100L, 0L, 0L, 0L, 0L, 40L);
        assertThat(halves).noneMatch(RollupRow::estimated);
        assertThat(day(all, "2026-05-05", "total").estimated()).isFalse();
    }

    @Test
    void offPeakWindowCrossingMidnightSplitsATotalIndexIntoHpAndHc() {
        // HP/HC meter with a total index only, HC (22H00-6H00): 100 Wh every half-hour from 21:30 to 06:30 local.
        List<Sample> r = every30(local("2026-01-10T21:30"), 19, 0, 100);
        PeriodCalendar cal = new PeriodCalendar(TariffOption.HPHC, new TreeMap<>(Map.of(LocalDate.parse("2020-01-01"),
                OffPeakHours.parse("HC (22H00-6H00)"))), null);
        List<RollupRow> all = rollup(meter("hphc", 6), SEED, cal, Map.of("index.total", r), "2026-01-10", "2026-01-12");
        List<RollupRow> halves = all.stream().filter(h -> h.granularity() == Granularity.HALF_HOUR && !h.period().equals("total")).toList();
        assertThat(halves).extracting(h -> h.localStart().toLocalTime() + " " + h.period())
                .startsWith("21:30 HP", "22:00 HC", "22:30 HC").endsWith("05:30 HC", "06:00 HP");
        // Jan 10: 21:30 HP (100 Wh) + 22:00..23:30 HC (400 Wh); Jan 11: 00:00..05:30 HC (1200 Wh) + 06:00 HP (100 Wh)
        assertThat(day(all, "2026-01-10", "HP").quantity()).isEqualTo(100);
        assertThat(day(all, "2026-01-10", "HC").quantity()).isEqualTo(400);
        assertThat(day(all, "2026-01-11", "HC").quantity()).isEqualTo(1200);
        assertThat(day(all, "2026-01-11", "HP").quantity()).isEqualTo(100);
        // HC 1.2 kWh × 0.1635 = 0.1962 €; HP 0.1 kWh × 0.2081 = 0.02081 €
        assertThat(day(all, "2026-01-11", "HC").cost()).isEqualByComparingTo("0.1962");
        assertThat(day(all, "2026-01-11", "total").cost()).isEqualByComparingTo("0.21701");
    }

    @Test
    void historiqueRegistersAreTheirOwnPeriods() {
        List<Sample> hp = List.of(new Sample(local("2026-01-10T12:00"), 10_000), new Sample(local("2026-01-10T12:30"), 10_700));
        List<Sample> hc = List.of(new Sample(local("2026-01-10T12:00"), 4_000), new Sample(local("2026-01-10T12:30"), 4_000));
        List<RollupRow> all = rollup(meter("hphc", 6), SEED, PeriodCalendar.of(TariffOption.HPHC),
                Map.of("index.HP", hp, "index.HC", hc), "2026-01-10", "2026-01-11");
        assertThat(day(all, "2026-01-10", "HP").quantity()).isEqualTo(700);
        assertThat(day(all, "2026-01-10", "HC").quantity()).isZero();
        assertThat(day(all, "2026-01-10", "total").quantity()).isEqualTo(700);
        // 0.7 kWh × 0.2081 = 0.14567 €
        assertThat(day(all, "2026-01-10", "total").cost()).isEqualByComparingTo("0.14567");
    }

    @Test
    void standardSupplierRegistersFollowTheOptionDefaults() {
        List<Sample> r1 = List.of(new Sample(local("2026-01-10T12:00"), 0), new Sample(local("2026-01-10T12:30"), 300));
        List<Sample> r2 = List.of(new Sample(local("2026-01-10T12:00"), 0), new Sample(local("2026-01-10T12:30"), 500));
        List<RollupRow> all = rollup(meter("hphc", 6), SEED, PeriodCalendar.of(TariffOption.HPHC),
                Map.of("index.SUPPLIER_01", r1, "index.SUPPLIER_02", r2, "index.DISTRIBUTOR_01", r1), "2026-01-10", "2026-01-11");
        assertThat(day(all, "2026-01-10", "HC").quantity()).isEqualTo(300);
        assertThat(day(all, "2026-01-10", "HP").quantity()).isEqualTo(500);
        assertThat(day(all, "2026-01-10", "total").quantity()).isEqualTo(800);
    }

    @Test
    void tempoDaysRunFromSixToSix() {
        // 2026-01-15 is RED, 2026-01-16 BLUE. The night of the 15th to the 16th until 06:00 belongs to the red day.
        PeriodCalendar cal = new PeriodCalendar(TariffOption.TEMPO, null, Map.of(
                LocalDate.parse("2026-01-15"), TempoColour.RED,
                LocalDate.parse("2026-01-16"), TempoColour.BLUE));
        assertThat(cal.periodAt(LocalDateTime.parse("2026-01-15T05:30"))).isEqualTo("TEMPO_BLUE_HC"); // the 14th: unknown → blue
        assertThat(cal.periodAt(LocalDateTime.parse("2026-01-15T06:00"))).isEqualTo("TEMPO_RED_HP");
        assertThat(cal.periodAt(LocalDateTime.parse("2026-01-15T21:30"))).isEqualTo("TEMPO_RED_HP");
        assertThat(cal.periodAt(LocalDateTime.parse("2026-01-15T22:00"))).isEqualTo("TEMPO_RED_HC");
        assertThat(cal.periodAt(LocalDateTime.parse("2026-01-16T05:30"))).isEqualTo("TEMPO_RED_HC");
        assertThat(cal.periodAt(LocalDateTime.parse("2026-01-16T06:00"))).isEqualTo("TEMPO_BLUE_HP");
        // 1 kWh in the red peak half-hour 2026-01-15 18:00 costs 0.6468 €.
        List<Sample> r = List.of(new Sample(local("2026-01-15T18:00"), 0), new Sample(local("2026-01-15T18:30"), 1000));
        RollupRow red = day(rollup(meter("tempo", 6), SEED, cal, Map.of("index.total", r), "2026-01-15", "2026-01-16"),
                "2026-01-15", "TEMPO_RED_HP");
        assertThat(red.quantity()).isEqualTo(1000);
        assertThat(red.cost()).isEqualByComparingTo("0.6468");
    }

    @Test
    void gasDayIsShownOnTheDateItStarts() {
        // GRDF gas day 2026-01-10 06:00 → 2026-01-11 06:00: 45 kWh, 4.000 m³.
        MeterSpec gas = MeterSpec.of(2, Fluid.GAS, null, null, PARIS);
        Instant gasDay = local("2026-01-10T06:00");
        List<RollupRow> all = new MeterRollup(gas, SEED, PeriodCalendar.of(TariffOption.BASE), Map.of(), SlotCalculator.Params.DEFAULT)
                .compute(Map.of("gas.energy.daily", List.of(new Sample(gasDay, 45_000)),
                        "gas.volume.daily", List.of(new Sample(gasDay, 4_000))), LocalDate.parse("2026-01-01"), LocalDate.parse("2026-02-01"));
        assertThat(all).hasSize(2);
        RollupRow d = day(all, "2026-01-10", "total");
        assertThat(d.localStart()).isEqualTo(LocalDateTime.parse("2026-01-10T00:00"));
        assertThat(d.quantity()).isEqualTo(45_000);
        assertThat(d.volume()).isEqualTo(4_000);
        // 45 kWh × 0.10192 €/kWh (the heating band's reference price of January 2026) = 4.5864 €
        assertThat(d.cost()).isEqualByComparingTo("4.5864");
        // its subscription, 343.90 €/year in January 2026, over 365 days
        assertThat(day(all, "2026-01-10", "subscription").cost()).isEqualByComparingTo("0.94219178");
    }

    @Test
    void waterDayInLitresPricedPerCubicMetre() {
        MeterSpec water = MeterSpec.of(3, Fluid.WATER, null, null, PARIS);
        List<RollupRow> all = new MeterRollup(water, SEED, PeriodCalendar.of(TariffOption.BASE), Map.of(), SlotCalculator.Params.DEFAULT)
                .compute(Map.of("water.volume.daily", List.of(new Sample(local("2026-01-10T00:00"), 150))),
                        LocalDate.parse("2026-01-10"), LocalDate.parse("2026-01-11"));
        // 0.150 m³ × 3.08 €/m³ = 0.462 €; subscription 44.19 €/year / 365 = 0.12106849 €
        assertThat(day(all, "2026-01-10", "total").quantity()).isEqualTo(150);
        assertThat(day(all, "2026-01-10", "total").cost()).isEqualByComparingTo("0.462");
        assertThat(day(all, "2026-01-10", "subscription").cost()).isEqualByComparingTo("0.12106849");
    }

    @Test
    void loadCurveIntervalsFillHalfHoursDirectly() {
        List<Sample> curve = List.of(new Sample(local("2026-01-10T00:00"), 250), new Sample(local("2026-01-10T00:30"), 350));
        List<RollupRow> all = rollup(meter("base", 6), SEED, PeriodCalendar.of(TariffOption.BASE),
                Map.of("energy.interval.30", curve), "2026-01-10", "2026-01-11");
        assertThat(rows(all, Granularity.HALF_HOUR, "total")).extracting(RollupRow::quantity).containsExactly(250L, 350L);
        assertThat(day(all, "2026-01-10", "total").quantity()).isEqualTo(600);
    }
}
