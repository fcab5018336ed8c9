package org.ecofoyer.aggregation.maths;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.ecofoyer.core.Fluid;
import org.junit.jupiter.api.Test;

/** What the operator is told to add: the meters' missing ranges merged per price, each with the command that adds it. */
class PriceGapTest {
    static MissingPrice sub(String meter, Integer kva, String from, String to) {
        return new MissingPrice(meter, "h-" + meter, Fluid.ELECTRICITY, "HPHC", kva, "subscription", "*", LocalDate.parse(from),
                LocalDate.parse(to), (int) (LocalDate.parse(to).toEpochDay() - LocalDate.parse(from).toEpochDay() + 1));
    }

    @Test
    void rangesOfOnePriceThatOverlapOrTouchAreOneGapAndOthersStayApart() {
        List<PriceGap> gaps = PriceGap.of(List.of(
                sub("m1", 6, "2026-02-01", "2026-03-31"),
                sub("m2", 6, "2026-04-01", "2026-12-06"), // touches m1's: one gap of two meters
                sub("m3", 6, "2026-03-15", "2026-03-20"), // inside it: still two... three meters
                sub("m4", 9, "2026-02-01", "2026-12-06"), // another level: another price
                sub("m5", 6, "2026-12-08", "2026-12-08"))); // a day after the gap's end: apart
        assertThat(gaps).extracting(g -> g.kva() + " " + g.from() + " " + g.to() + " " + g.meters()).containsExactly(
                "6 2026-02-01 2026-12-06 3", "6 2026-12-08 2026-12-08 1", "9 2026-02-01 2026-12-06 1");
    }

    @Test
    void anOpenGapGetsNoEndAndAClosedOneGetsItsEndExcluded() {
        PriceGap open = PriceGap.of(List.of(sub("m1", 6, "2026-02-01", "2026-12-06"))).get(0);
        assertThat(open.warning(LocalDate.parse("2026-12-07"))).isEqualTo("no price for electricity HPHC 6 kVA subscription from"
                + " 2026-02-01 (still missing, last day 2026-12-06), 1 meter without it: add it with `ecofoyer price set --fluid"
                + " electricity --option HPHC --component subscription --kva 6 --from 2026-02-01 --amount EUR_PER_YEAR --source SOURCE`");
        // Two days later with no new data, it ended on the 6th: the price to add ends there (the 7th excluded).
        assertThat(open.warning(LocalDate.parse("2026-12-09"))).contains("from 2026-02-01 to 2026-12-06, 1 meter")
                .contains("--from 2026-02-01 --to 2026-12-07 --amount");
        assertThat(open.key()).isEqualTo(PriceGap.of(List.of(sub("m1", 6, "2026-02-01", "2026-12-07"))).get(0).key());
    }

    @Test
    void aGasMeterWithoutOptionLacksItsDefaultTablesPriceUnderPeriodBase() {
        MissingPrice gas = new MissingPrice("g1", "h1", Fluid.GAS, null, null, "energy", "total", LocalDate.parse("2026-03-01"),
                LocalDate.parse("2026-03-31"), 31);
        PriceGap g = PriceGap.of(List.of(gas)).get(0);
        assertThat(g.warning(LocalDate.parse("2026-12-07"))).isEqualTo("no price for gas PRIX_REPERE energy BASE from 2026-03-01 to"
                + " 2026-03-31, 1 meter without it: add it with `ecofoyer price set --fluid gas --option PRIX_REPERE --component energy"
                + " --period BASE --from 2026-03-01 --to 2026-04-01 --amount EUR_PER_KWH --source SOURCE`");
    }
}
