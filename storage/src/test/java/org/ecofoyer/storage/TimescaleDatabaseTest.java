package org.ecofoyer.storage;

import java.time.Duration;
import java.time.Instant;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The same migrations on a real TimescaleDB (started by scripts/test.sh, address in ECO_TEST_TIMESCALE_URL).
 */
class TimescaleDatabaseTest {
    static final String URL = System.getenv("ECO_TEST_TIMESCALE_URL");

    @BeforeAll
    static void needsTimescale() {
        TestServices.require("ECO_TEST_TIMESCALE_URL");
    }

    @Test
    void migrationsMakeTheDeclaredTablesHypertablesAndReportTheCommunityFeatures() throws SQLException {
        String db = "ts_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Database admin = Database.open(new StorageConfig(URL, "postgres", null, 1, null, null), null);
             Connection c = admin.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + db);
        }
        String url = URL.replaceFirst("/[^/?]+(\\?|$)", "/" + db + "$1");
        try (Database d = Database.open(new StorageConfig(url, "postgres", null, 2, null, null), null)) {
            Migrations.Result r = d.migrate("classpath:db/sample");
            assertThat(r.timescale().present()).isTrue();
            assertThat(r.timescale().license()).isEqualTo("apache");
            assertThat(r.timescale().compression()).isFalse();
            assertThat(r.timescale().continuousAggregates()).isFalse();
            assertThat(r.hypertables()).contains("sample_series");
            try (Connection c = d.dataSource().getConnection(); Statement st = c.createStatement()) {
                assertThat(TimeSeriesTables.isHypertable(c, "sample_series")).isTrue();
                st.execute("INSERT INTO sample_series SELECT 1, now() - make_interval(days => d, hours => 12), d"
                        + " FROM generate_series(0, 29) d");
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM time_bucket('1 day', now()) b")) {
                    assertThat(rs.next()).isTrue();
                }
                long chunks = TimeSeriesTables.applyRetention(c, "sample_series", Instant.now().minus(Duration.ofDays(10)), 1000);
                assertThat(chunks).isGreaterThanOrEqualTo(18);
                try (ResultSet rs = st.executeQuery("SELECT min(at) > now() - interval '12 days' FROM sample_series")) {
                    rs.next();
                    assertThat(rs.getBoolean(1)).isTrue();
                }
            }
            // Migrating again is a no-op and keeps the hypertable.
            assertThat(d.migrate("classpath:db/sample").applied()).isZero();
        }
    }
}
