package org.ecofoyer.aggregation.maths;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.ecofoyer.core.Fluid;
import org.junit.jupiter.api.Test;

class MissingPriceTest {
    static MissingPrice.Day day(String meter, String date, String period) {
        return new MissingPrice.Day(meter, "H1", meter.endsWith("gas") ? Fluid.GAS : Fluid.ELECTRICITY,
                meter.endsWith("gas") ? null : "TEMPO", meter.endsWith("gas") ? null : 9, LocalDate.parse(date), period);
    }

    @Test
    void consecutiveDaysOfOneMeterAndPriceMakeOneRangeAndAPricedDayInBetweenSplitsIt() {
        List<MissingPrice.Day> days = new ArrayList<>();
        for (int d = 1; d <= 31; d++) {
            days.add(day("H1-elec", String.format("2025-12-%02d", d), "TEMPO_RED_HP"));
        }
        days.add(day("H1-gas", "2025-11-30", "total"));
        days.add(day("H1-gas", "2025-12-02", "total")); // the 1st was priced: two ranges
        days.add(day("H1-gas", "2025-12-03", "total"));
        days.add(day("H1-gas", "2025-12-03", "subscription"));
        days.add(day("H1-elec", "2025-12-05", "TEMPO_RED_HP")); // twice the same day (two rows read): counted once

        List<MissingPrice> r = MissingPrice.ranges(days);

        assertThat(r).extracting(MissingPrice::describe).containsExactly(
                "electricity TEMPO 9 kVA energy TEMPO_RED_HP from 2025-12-01 to 2025-12-31 (31 days, meter H1-elec)",
                "gas (default) subscription from 2025-12-03 to 2025-12-03 (1 day, meter H1-gas)",
                "gas (default) energy total from 2025-11-30 to 2025-11-30 (1 day, meter H1-gas)",
                "gas (default) energy total from 2025-12-02 to 2025-12-03 (2 days, meter H1-gas)");
        assertThat(r.get(1).component()).isEqualTo(Price.SUBSCRIPTION);
        assertThat(r.get(1).period()).isEqualTo("*");
        assertThat(MissingPrice.ranges(List.of())).isEmpty();
    }
}
