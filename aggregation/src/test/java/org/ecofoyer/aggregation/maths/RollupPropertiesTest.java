package org.ecofoyer.aggregation.maths;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.ecofoyer.aggregation.maths.SlotCalculator.Sample;
import org.ecofoyer.aggregation.store.PriceFile;
import org.ecofoyer.core.Fluid;
import org.ecofoyer.core.TariffOption;

/** Invariants that must hold for any readings, not just the hand-written ones. */
public class RollupPropertiesTest {
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    static final PriceTable SEED = new PriceTable(PriceFile.seed());
    // Around the autumn DST change and a month boundary (2026-10-25 and 2026-11-01).
    static final Instant ORIGIN = Instant.parse("2026-10-23T21:00:00Z");
    static final LocalDate FROM = LocalDate.parse("2026-10-23");
    static final LocalDate TO = LocalDate.parse("2026-11-04");

    public record Scenario(List<Sample> readings, long seed) {
    }

    /** An index that mostly grows, with irregular spacing, long gaps and the odd reset. */
    @Provide
    public Arbitrary<Scenario> scenarios() {
        Arbitrary<List<long[]>> steps = Combinators.combine(
                Arbitraries.longs().between(1, 14_400),       // seconds to the next reading (up to 4 h: gaps)
                Arbitraries.longs().between(0, 2_000),        // Wh added
                Arbitraries.integers().between(0, 99))        // 1 % chance of a reset
                .as((dt, wh, r) -> new long[] {dt, wh, r})
                .list().ofMinSize(2).ofMaxSize(250);
        return Combinators.combine(steps, Arbitraries.longs()).as((list, seed) -> {
            List<Sample> out = new ArrayList<>();
            Instant t = ORIGIN;
            long v = 1_000_000;
            for (long[] s : list) {
                t = t.plusSeconds(s[0]);
                v = s[2] == 0 ? s[1] : v + s[1];
                out.add(new Sample(t, v));
            }
            return new Scenario(out, seed);
        });
    }

    static List<RollupRow> rollup(List<Sample> readings) {
        return new MeterRollup(MeterSpec.of(1, Fluid.ELECTRICITY, "hphc", 6, PARIS), SEED,
                PeriodCalendar.of(TariffOption.HPHC), Map.of(), SlotCalculator.Params.DEFAULT)
                .compute(Map.of("index.total", readings), FROM, TO);
    }

    @Property(tries = 200)
    void anyPermutationAndDuplicationGivesTheSameRollups(@ForAll("scenarios") Scenario s) {
        List<Sample> shuffled = new ArrayList<>(s.readings());
        Random random = new Random(s.seed());
        int dups = random.nextInt(s.readings().size() + 1);
        for (int i = 0; i < dups; i++) {
            shuffled.add(s.readings().get(random.nextInt(s.readings().size())));
        }
        Collections.shuffle(shuffled, random);
        assertThat(rollup(shuffled)).isEqualTo(rollup(s.readings()));
    }

    @Property(tries = 200)
    void halfHoursSumToDaysAndNothingIsNegativeOrLost(@ForAll("scenarios") Scenario s) {
        List<RollupRow> rows = rollup(s.readings());
        Map<LocalDate, Long> halfHourSums = new HashMap<>();
        Map<LocalDate, BigDecimal> halfHourCosts = new HashMap<>();
        for (RollupRow r : rows) {
            assertThat(r.quantity()).isNotNegative();
            if (r.granularity() == Granularity.HALF_HOUR && r.period().equals("total")) {
                halfHourSums.merge(r.localStart().toLocalDate(), r.quantity(), Long::sum);
                halfHourCosts.merge(r.localStart().toLocalDate(), r.cost(), BigDecimal::add);
            }
        }
        Map<LocalDate, RollupRow> days = rows.stream()
                .filter(r -> r.granularity() == Granularity.DAY && r.period().equals("total"))
                .collect(Collectors.toMap(r -> r.localStart().toLocalDate(), r -> r));
        assertThat(days.keySet()).isEqualTo(halfHourSums.keySet());
        days.forEach((d, row) -> {
            assertThat(row.quantity()).isEqualTo(halfHourSums.get(d));
            assertThat(row.cost()).isEqualByComparingTo(halfHourCosts.get(d));
        });
        // Periods add up to the total, per day.
        Map<LocalDate, Long> periodSums = rows.stream()
                .filter(r -> r.granularity() == Granularity.DAY && (r.period().equals("HP") || r.period().equals("HC")))
                .collect(Collectors.groupingBy(r -> r.localStart().toLocalDate(), Collectors.summingLong(RollupRow::quantity)));
        days.forEach((d, row) -> assertThat(periodSums.get(d)).isEqualTo(row.quantity()));
    }

    /**
     * Every Wh reaches the rollups (docs/architecture.md, "History is never lost"): over a range that covers every
     * reading, the half-hours add up to the index's rises between resets — its last value minus its first, apart from
     * the decreases — glitches (rises faster than maxWatts) included.
     */
    @Property(tries = 300)
    void everyWhTheIndexRoseByReachesTheHalfHours(@ForAll("scenarios") Scenario s) {
        Samples sorted = Samples.of(s.readings());
        long expected = 0;
        for (int i = 1; i < sorted.size(); i++) {
            long delta = sorted.value(i) - sorted.value(i - 1);
            expected += Math.max(0, delta); // a decrease is a reset: a new baseline, nothing counted
        }
        LocalDate to = sorted.at(sorted.size() - 1).atZone(PARIS).toLocalDate().plusDays(1);
        List<RollupRow> rows = new MeterRollup(MeterSpec.of(1, Fluid.ELECTRICITY, "hphc", 6, PARIS), SEED,
                PeriodCalendar.of(TariffOption.HPHC), Map.of(), SlotCalculator.Params.DEFAULT)
                .compute(Map.of("index.total", s.readings()), FROM, to);
        long halfHours = rows.stream().filter(r -> r.granularity() == Granularity.HALF_HOUR && r.period().equals("total"))
                .mapToLong(RollupRow::quantity).sum();
        long days = rows.stream().filter(r -> r.granularity() == Granularity.DAY && r.period().equals("total"))
                .mapToLong(RollupRow::quantity).sum();
        assertThat(halfHours).isEqualTo(expected);
        assertThat(days).isEqualTo(expected);
    }

    @Property(tries = 100)
    void recomputingFromAnyLaterDayGivesTheSameRowsForThoseDays(@ForAll("scenarios") Scenario s) {
        List<RollupRow> full = rollup(s.readings());
        LocalDate cut = FROM.plusDays(Math.floorMod(s.seed(), 10));
        List<RollupRow> partial = new MeterRollup(MeterSpec.of(1, Fluid.ELECTRICITY, "hphc", 6, PARIS), SEED,
                PeriodCalendar.of(TariffOption.HPHC), Map.of(), SlotCalculator.Params.DEFAULT)
                .compute(Map.of("index.total", s.readings()), cut, TO);
        assertThat(partial).isEqualTo(full.stream().filter(r -> !r.localStart().toLocalDate().isBefore(cut)).toList());
    }
}
