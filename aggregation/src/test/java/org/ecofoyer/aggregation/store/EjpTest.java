package org.ecofoyer.aggregation.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ecofoyer.aggregation.maths.Amount;
import org.ecofoyer.aggregation.maths.Granularity;
import org.ecofoyer.aggregation.maths.Price;
import org.ecofoyer.aggregation.query.Series;
import org.ecofoyer.core.Channels;
import org.ecofoyer.core.Fluid;
import org.ecofoyer.drivers.Reading;
import org.ecofoyer.drivers.tic.TicFrame;
import org.ecofoyer.drivers.tic.TicMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** EJP peak days (07:00 → 01:00 next morning), learnt from the meter, priced by hand. */
class EjpTest {
    @BeforeAll
    static void open() {
        RecomputeDatabaseTest.open();
    }

    @AfterAll
    static void close() {
        RecomputeDatabaseTest.close();
    }

    static Instant local(String s) {
        return RecomputeDatabaseTest.local(s);
    }

    @Test
    void aHistoriqueEjpFrameTellsThePeakPeriodAndItsNotice() {
        TicFrame.Builder peak = TicFrame.builder(TicMode.HISTORIQUE);
        peak.add("OPTARIF", "EJP.");
        peak.add("EJPHN", "001234567");
        peak.add("EJPHPM", "000123456");
        peak.add("PTEC", "PM..");
        TicFrame.Builder notice = TicFrame.builder(TicMode.HISTORIQUE);
        notice.add("OPTARIF", "EJP.");
        notice.add("EJPHN", "001234567");
        notice.add("EJPHPM", "000123456");
        notice.add("PTEC", "HN..");
        notice.add("PEJP", "30");
        assertThat(peak.build().readings("m", Instant.EPOCH)).contains(new Reading("m", Instant.EPOCH, Channels.EJP_PEAK, 1));
        assertThat(notice.build().readings("m", Instant.EPOCH)).contains(new Reading("m", Instant.EPOCH, Channels.EJP_PEAK, 2));
        assertThat(peak.build().readings("m", Instant.EPOCH)).extracting(Reading::channel)
                .contains("index.EJP_HN", "index.EJP_HPM");
    }

    @Test
    void anEjpDayLearntFromTheMeterSplitsTheHalfHoursIntoPeakAndNormalHours() throws Exception {
        int m = RecomputeDatabaseTest.meter("h-ejp", "m-ejp", "ELECTRICITY", "EJP");
        // Prices for the test (EJP prices are not in the seed file): 0.10 €/kWh normal hours, 0.50 €/kWh peak hours.
        try (Connection c = RecomputeDatabaseTest.db.dataSource().getConnection()) {
            PriceStore.upsert(c, List.of(
                    new Price(Fluid.ELECTRICITY, "EJP", "energy", "EJP_HN", 0, PriceFile.instant("2026-01-01"), null, new BigDecimal("0.10"), "test"),
                    new Price(Fluid.ELECTRICITY, "EJP", "energy", "EJP_HPM", 0, PriceFile.instant("2026-01-01"), null, new BigDecimal("0.50"), "test")));
        }
        // A total index (no registers, e.g. a load curve's meter): 500 Wh every half-hour from 05:00 on 2026-01-20 to
        // 02:00 the next morning. The meter gave notice at 06:30 (PEJP) and was in peak hours at 12:00 and 00:30.
        List<Object> index = new ArrayList<>();
        Instant t = local("2026-01-20T05:00");
        for (int i = 0; i <= 42; i++) {
            index.addAll(List.of(t.plusSeconds(1800L * i), 1_000_000L + 500L * i));
        }
        IncrementalRecomputePropertiesTest.store(RecomputeDatabaseTest.db, m, Channels.INDEX_TOTAL, index);
        IncrementalRecomputePropertiesTest.store(RecomputeDatabaseTest.db, m, Channels.EJP_PEAK, List.of(
                local("2026-01-20T06:30"), 2L, local("2026-01-20T12:00"), 1L, local("2026-01-21T00:30"), 1L));
        RecomputeDatabaseTest.recompute.drain();
        assertThat(RecomputeDatabaseTest.count("SELECT count(*) FROM ejp_day")).isEqualTo(1);
        assertThat(RecomputeDatabaseTest.count("SELECT count(*) FROM ejp_day WHERE day = '2026-01-20'")).isEqualTo(1);
        assertThat(RecomputeDatabaseTest.count("SELECT count(*) FROM reading_dirty WHERE meter_id = ?", m)).isZero();

        // 2026-01-20: 05:00-07:00 normal (4 half-hours, 2,000 Wh), 07:00-24:00 peak (34 half-hours, 17,000 Wh).
        Series day = RecomputeDatabaseTest.series("h-ejp", Granularity.DAY, "2026-01-20", "2026-01-22");
        assertThat(day.points()).hasSize(2);
        Map<String, Amount> first = day.points().get(0).periods();
        assertThat(first.get("EJP_HN").quantity()).isEqualTo(2.0);
        assertThat(first.get("EJP_HPM").quantity()).isEqualTo(17.0);
        assertThat(day.points().get(0).costEur()).isCloseTo(2.0 * 0.10 + 17.0 * 0.50, org.assertj.core.data.Offset.offset(1e-9));
        // 2026-01-21: 00:00-01:00 still the peak of the 20th (1,000 Wh), 01:00-02:00 normal (1,000 Wh).
        Map<String, Amount> second = day.points().get(1).periods();
        assertThat(second.get("EJP_HPM").quantity()).isEqualTo(1.0);
        assertThat(second.get("EJP_HN").quantity()).isEqualTo(1.0);
        assertThat(day.points().get(1).costEur()).isCloseTo(0.60, org.assertj.core.data.Offset.offset(1e-9));
        // The half-hours at the edges: 06:30 normal, 07:00 peak, 00:30 peak, 01:00 normal.
        Series hh = RecomputeDatabaseTest.series("h-ejp", Granularity.HALF_HOUR, "2026-01-20", "2026-01-22");
        Map<String, String> periodAt = new java.util.HashMap<>();
        hh.points().forEach(p -> periodAt.put(p.localStart().toString(), String.join(",", p.periods().keySet())));
        assertThat(periodAt).containsEntry("2026-01-20T06:30", "EJP_HN").containsEntry("2026-01-20T07:00", "EJP_HPM")
                .containsEntry("2026-01-21T00:30", "EJP_HPM").containsEntry("2026-01-21T01:00", "EJP_HN");
    }
}
