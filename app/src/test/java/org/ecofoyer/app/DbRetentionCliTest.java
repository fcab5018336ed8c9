package org.ecofoyer.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ecofoyer.storage.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ecofoyer db retention} on a real PostgreSQL, with the clock the command is given. */
class DbRetentionCliTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T02:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    static CliTest.Result run(Map<String, String> env, Clock clock, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, env, new PrintWriter(out, true), new PrintWriter(err, true), clock);
        return new CliTest.Result(code, out.toString(), err.toString());
    }

    static String lastLine(String out) {
        List<String> lines = out.lines().toList();
        return lines.get(lines.size() - 1);
    }

    @Test
    void removesTheRawReadingsPastTheConfiguredRetentionAndKeepsTheRollups() throws Exception {
        String url = TestDatabases.newEmptyDatabaseUrl();
        Map<String, String> env = new HashMap<>(Map.of("ECOFOYER_STORAGE_URL", url, "ECOFOYER_STORAGE_USER", "postgres"));
        Path capture = dir.resolve("capture.txt");
        try (var in = getClass().getResourceAsStream("/tic/hallard_tinfo_replay__stand_base_long.txt")) {
            Files.copy(in, capture, StandardCopyOption.REPLACE_EXISTING);
        }
        // Readings of 2021-04-23, rolled up.
        CliTest.Result imported = run(env, CLOCK, "import", "tic", capture.toString(), "--meter-id", "061961361253");
        assertThat(imported.code()).as(imported.err()).isZero();
        long old = count(url, "SELECT count(*) FROM reading");
        long rollups = count(url, "SELECT count(*) FROM rollup");
        assertThat(old).isGreaterThan(100);
        assertThat(rollups).isPositive();
        try (Connection c = DriverManager.getConnection(url, "postgres", null); Statement st = c.createStatement()) {
            // Five recent readings (kept at 400 days), and a recompute pending from 2021: the command recomputes
            // before it applies the retention, as the running server would have, else the mark would hold it back.
            st.execute("INSERT INTO reading SELECT id, 'test.recent', timestamptz '2026-02-01Z' + make_interval(days => d), d"
                    + " FROM meter, generate_series(0, 4) d");
            st.execute("INSERT INTO reading_dirty (meter_id, since) SELECT id, '2021-04-23T00:00Z' FROM meter");
        }

        CliTest.Result r = run(env, CLOCK, "db", "retention");
        assertThat(r.code()).as(r.err()).isZero();
        // 400 days (the default) before 2026-03-01T02:00Z.
        assertThat(lastLine(r.out())).isEqualTo("retention-days=400 recomputed-meters=1 removed=" + old
                + " unit=rows cutoff=2025-01-25T02:00:00Z horizon-moved-meters=1");
        assertThat(r.out()).contains("removed " + old + " rows of raw readings before 2025-01-25T02:00:00Z");
        assertThat(count(url, "SELECT count(*) FROM reading")).isEqualTo(5);
        assertThat(count(url, "SELECT count(*) FROM rollup")).isEqualTo(rollups);
        assertThat(count(url, "SELECT count(*) FROM raw_horizon WHERE horizon = '2025-01-25T02:00:00Z'")).isEqualTo(1);

        // storage.retention-days is the configuration's: 27 days reach the readings of 1 and 2 February.
        env.put("ECOFOYER_STORAGE_RETENTION_DAYS", "27");
        CliTest.Result shorter = run(env, CLOCK, "db", "retention");
        assertThat(shorter.code()).as(shorter.err()).isZero();
        assertThat(lastLine(shorter.out())).isEqualTo("retention-days=27 recomputed-meters=0 removed=2"
                + " unit=rows cutoff=2026-02-02T02:00:00Z horizon-moved-meters=1");
        assertThat(count(url, "SELECT count(*) FROM reading")).isEqualTo(3);

        // Nothing left to remove: said so.
        CliTest.Result again = run(env, CLOCK, "db", "retention");
        assertThat(lastLine(again.out())).contains("removed=0 ").contains("horizon-moved-meters=0");
    }

    static long count(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "postgres", null); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
