package org.ecofoyer.aggregation.store;

import org.ecofoyer.storage.TestServices;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import org.ecofoyer.aggregation.AggregationConfig;
import org.ecofoyer.aggregation.maths.Granularity;
import org.ecofoyer.aggregation.maths.SeriesPoint;
import org.ecofoyer.aggregation.query.RollupReader;
import org.ecofoyer.aggregation.query.Series;
import org.ecofoyer.aggregation.query.SeriesQuery;
import org.ecofoyer.core.Fluid;
import org.ecofoyer.ingest.writer.ReadingCompactor;
import org.ecofoyer.ingest.writer.ReadingRetention;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.StorageConfig;
import org.ecofoyer.storage.TimeSeriesTables;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rollup tables on a real TimescaleDB (started by scripts/test.sh, address in ECO_TEST_TIMESCALE_URL): rollup is
 * a hypertable, the recompute writes and replaces its rows there (COPY, deletes, month sums), and deleting a meter
 * deletes its rollups (a trigger, not a foreign key).
 */
class TimescaleRollupTest {
    static final String URL = System.getenv("ECO_TEST_TIMESCALE_URL");

    @BeforeAll
    static void needsTimescale() {
        TestServices.require("ECO_TEST_TIMESCALE_URL");
    }

    static long one(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void recomputeOnAHypertable() throws Exception {
        String name = "ts_agg_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Database admin = Database.open(new StorageConfig(URL, "postgres", null, 1, null, null), null);
             Connection c = admin.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        String url = URL.replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");
        try (Database d = Database.open(new StorageConfig(url, "postgres", null, 4, null, null), null)) {
            d.migrate();
            try (Connection c = d.dataSource().getConnection(); Statement st = c.createStatement()) {
                assertThat(TimeSeriesTables.isHypertable(c, "rollup")).isTrue();
                assertThat(TimeSeriesTables.isHypertable(c, "reading")).isTrue();
                st.execute("INSERT INTO household (id) VALUES ('h-ts')");
                st.execute("INSERT INTO meter (code, household_id, fluid, kind, tariff_option, subscribed_kva)"
                        + " VALUES ('m-ts', 'h-ts', 'ELECTRICITY', 'LINKY_TIC', 'BASE', 6)");
                // 2026-03-30 (Paris, summer time) 00:00 → 2026-04-02 00:00, 100 Wh a half-hour: three whole days.
                st.execute("INSERT INTO reading (meter_id, channel, instant, value) SELECT m.id, 'index.total',"
                        + " timestamptz '2026-03-29 22:00:00+00' + make_interval(mins => 30 * i), 100 * i"
                        + " FROM meter m, generate_series(0, 144) i WHERE m.code = 'm-ts'");
                st.execute("INSERT INTO reading_dirty (meter_id, since) SELECT id, timestamptz '2026-03-29 22:00:00+00' FROM meter");
                new Recompute(d.dataSource(), AggregationConfig.DEFAULTS).drain();
                assertThat(one(c, "SELECT count(*) FROM rollup WHERE granularity = 0 AND period = 'total'")).isEqualTo(144);
                assertThat(one(c, "SELECT sum(quantity) FROM rollup WHERE granularity = 1 AND period = 'total'")).isEqualTo(14_400);
                assertThat(one(c, "SELECT quantity FROM rollup WHERE granularity = 2 AND period = 'total'"
                        + " AND local_start = '2026-04-01'")).isEqualTo(4_800);
                assertThat(one(c, "SELECT cardinality(half_hours) FROM rollup WHERE granularity = 1 AND period = 'total'"
                        + " AND local_start = '2026-03-31'")).isEqualTo(48);
                Series s = new RollupReader(c).series(new SeriesQuery("h-ts", Fluid.ELECTRICITY, Granularity.DAY,
                        LocalDate.parse("2026-03-30"), LocalDate.parse("2026-04-02")));
                assertThat(s.points()).extracting(SeriesPoint::quantity).containsExactly(4.8, 4.8, 4.8);
                // A later reading recomputes from its half-hour; the rows converge to the same sums.
                st.execute("INSERT INTO reading (meter_id, channel, instant, value) SELECT id, 'index.total',"
                        + " timestamptz '2026-04-01 22:30:00+00', 14500 FROM meter WHERE code = 'm-ts'");
                st.execute("INSERT INTO reading_dirty (meter_id, since) SELECT id, timestamptz '2026-04-01 22:30:00+00' FROM meter");
                new Recompute(d.dataSource(), AggregationConfig.DEFAULTS).drain();
                assertThat(one(c, "SELECT quantity FROM rollup WHERE granularity = 1 AND period = 'total'"
                        + " AND local_start = '2026-04-02'")).isEqualTo(100);
                assertThat(one(c, "SELECT quantity FROM rollup WHERE granularity = 2 AND period = 'total'"
                        + " AND local_start = '2026-04-01'")).isEqualTo(4_900);
                // #17: closed days fold into compact blocks (a hypertable too); a recompute from scratch reads them and
                // rebuilds the same rows; the retention drops and trims blocks exactly at its cut-off
                assertThat(TimeSeriesTables.isHypertable(c, "reading_block")).isTrue();
                Clock later = Clock.fixed(Instant.parse("2026-04-03T03:00:00Z"), ZoneOffset.UTC);
                assertThat(new ReadingCompactor(d.dataSource(), later, Duration.ofHours(2)).apply().days()).isEqualTo(4);
                assertThat(one(c, "SELECT count(*) FROM reading")).isZero();
                assertThat(one(c, "SELECT sum(readings) FROM reading_block")).isEqualTo(146);
                st.execute("INSERT INTO reading_dirty (meter_id, since) SELECT id, timestamptz '2026-03-29 22:00:00+00' FROM meter");
                new Recompute(d.dataSource(), AggregationConfig.DEFAULTS).drain();
                assertThat(one(c, "SELECT quantity FROM rollup WHERE granularity = 2 AND period = 'total'"
                        + " AND local_start = '2026-04-01'")).isEqualTo(4_900);
                assertThat(one(c, "SELECT sum(quantity) FROM rollup WHERE granularity = 0 AND period = 'total'")).isEqualTo(14_500);
                Instant cutoff = Instant.parse("2026-03-31T10:00:00Z");
                new ReadingRetention(d.dataSource(), 400, Clock.fixed(cutoff.plus(Duration.ofDays(400)), ZoneOffset.UTC)).apply();
                assertThat(one(c, "SELECT count(*) FROM reading_block WHERE first_instant < '" + cutoff + "'")).isZero();
                assertThat(one(c, "SELECT sum(readings) FROM reading_block")).isEqualTo(74); // 31 March 10:00 to 1 April 22:30
                assertThat(one(c, "SELECT count(*) FROM raw_horizon WHERE horizon = '" + cutoff + "'")).isEqualTo(1);
                st.execute("DELETE FROM meter WHERE code = 'm-ts'");
                assertThat(one(c, "SELECT count(*) FROM reading_block")).isZero();
                assertThat(one(c, "SELECT count(*) FROM rollup")).isZero();
            }
        }
    }
}
