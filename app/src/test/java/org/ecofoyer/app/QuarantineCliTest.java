package org.ecofoyer.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.ecofoyer.aggregation.AggregationConfig;
import org.ecofoyer.aggregation.store.Recompute;
import org.ecofoyer.ingest.writer.ReadingRetention;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.StorageConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #13's scenario, as an operator meets it: a meter with history rolled up and its raw readings gone (the real
 * retention), then a far-past and a far-future capture imported into it. Both sit in quarantine, the import says so,
 * and no rollup changes — the real recompute runs on it and the rollup rows are compared before and after; then the
 * operator lists, releases (what still fails stays, said so) and drops.
 */
class QuarantineCliTest {
    private static final String METER = "061961361253";

    @TempDir
    Path dir;

    private String data() {
        return dir.resolve("data").toString();
    }

    private Path resource(String name) throws Exception {
        Path p = dir.resolve(name);
        try (var in = getClass().getResourceAsStream("/tic/" + name)) {
            Files.copy(in, p, StandardCopyOption.REPLACE_EXISTING);
        }
        return p;
    }

    private Database open() {
        return Database.open(StorageConfig.DEFAULTS, dir.resolve("data"));
    }

    private static List<String> rollups(Database db) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT meter_id, granularity, start_at, period, quantity, volume, cost_eur,"
                     + " estimated, incomplete FROM rollup ORDER BY meter_id, granularity, start_at, period")) {
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= 9; i++) {
                    b.append(rs.getString(i)).append('|');
                }
                out.add(b.toString());
            }
        }
        return out;
    }

    @Test
    void aFarPastAndAFarFutureCaptureSitInQuarantineChangeNoRollupAndTheOperatorReleasesAndDropsThem() throws Exception {
        // 100 standard frames of 2021-04-23 (DATE horodates): rolled up by the import.
        CliTest.Result first = CliTest.run("--data-dir", data(), "import", "tic", resource("hallard_tinfo_replay__stand_base_long.txt").toString(),
                "--meter-id", METER);
        assertThat(first.code()).as(first.err()).isZero();
        List<String> before;
        try (Database db = open()) {
            // The real retention removes those raw readings (older than 400 days): the meter's raw horizon is now.
            ReadingRetention.Report removed = new ReadingRetention(db.dataSource(), 400, Clock.systemUTC()).apply();
            assertThat(removed.metersWithNewHorizon()).isEqualTo(1);
            before = rollups(db);
        }
        assertThat(before).isNotEmpty();

        Path histo = resource("hallard_tinfo_replay__histo_base.txt"); // frames without DATE: dated by --start
        CliTest.Result past = CliTest.run("--data-dir", data(), "import", "tic", histo.toString(), "--meter-id", METER,
                "--start", "2020-01-01T00:00:00+01:00", "--interval", "60");
        assertThat(past.code()).as(past.err()).isZero();
        CliTest.Result future = CliTest.run("--data-dir", data(), "import", "tic", histo.toString(), "--meter-id", METER,
                "--start", "2036-01-01T00:00:00+01:00", "--interval", "60");
        assertThat(future.code()).as(future.err()).isZero();

        try (Database db = open()) {
            // The real recompute on what is marked: nothing, since quarantined readings mark nothing.
            new Recompute(db.dataSource(), AggregationConfig.DEFAULTS).drain();
            assertThat(rollups(db)).isEqualTo(before);
            try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*), max(start_at) < now() FROM rollup")) {
                rs.next();
                assertThat(rs.getBoolean(2)).as("no future rollup").isTrue();
            }
        }

        // the imports said what went to quarantine and why
        assertThat(past.out()).containsPattern("0 reading\\(s\\) stored").containsPattern("\\d+ reading\\(s\\) held in quarantine,"
                + " not stored: \\d+ before_horizon; see 'ecofoyer quarantine list --meter " + METER + "'");
        assertThat(future.out()).containsPattern("\\d+ reading\\(s\\) held in quarantine, not stored: \\d+ future_instant");

        // list: every held reading, with reason and source; --json one object a line
        CliTest.Result list = CliTest.run("--data-dir", data(), "quarantine", "list", "--meter", METER, "--json");
        assertThat(list.code()).as(list.err()).isZero();
        List<JsonObject> held = list.out().lines().map(JsonObject::new).toList();
        assertThat(held).isNotEmpty().allSatisfy(h -> {
            assertThat(h.getString("meter")).isEqualTo(METER);
            assertThat(h.getString("source")).isEqualTo("import:hallard_tinfo_replay__histo_base.txt");
        });
        long pastCount = held.stream().filter(h -> h.getString("reason").equals("before_horizon")).count();
        long futureCount = held.stream().filter(h -> h.getString("reason").equals("future_instant")).count();
        assertThat(pastCount).isPositive();
        assertThat(futureCount).isEqualTo(pastCount); // the same capture twice
        assertThat(held.stream().filter(h -> h.getString("reason").equals("future_instant")))
                .allSatisfy(h -> assertThat(Instant.parse(h.getString("instant"))).isAfter(Instant.parse("2035-12-31T00:00:00Z")));
        CliTest.Result table = CliTest.run("--data-dir", data(), "quarantine", "list", "--reason", "future_instant", "--limit", "2");
        assertThat(table.out()).contains("2 listed; held in quarantine: " + pastCount + " before_horizon, " + futureCount + " future_instant");

        // release: both still fail (the horizon does not move back, 2036 is still ahead): they stay, and it says so
        CliTest.Result release = CliTest.run("--data-dir", data(), "quarantine", "release", "--meter", METER);
        assertThat(release.code()).as(release.err()).isZero();
        assertThat(release.out()).contains("0 reading(s) released into the store; " + (pastCount + futureCount)
                + " still held in quarantine, failing again: " + pastCount + " before_horizon, " + futureCount + " future_instant");
        // release of one id alone
        long one = held.get(0).getLong("id");
        assertThat(CliTest.run("--data-dir", data(), "quarantine", "release", String.valueOf(one)).out())
                .contains("0 reading(s) released", "1 still held");

        // drop: refused without a reason for a whole meter; by meter and reason; by id
        CliTest.Result refused = CliTest.run("--data-dir", data(), "quarantine", "drop", "--meter", METER);
        assertThat(refused.code()).isNotZero();
        assertThat(refused.err()).contains("--meter needs --reason");
        CliTest.Result dropped = CliTest.run("--data-dir", data(), "quarantine", "drop", "--meter", METER, "--reason", "future_instant");
        assertThat(dropped.out()).contains(futureCount + " quarantined reading(s) dropped");
        long pastId = held.stream().filter(h -> h.getString("reason").equals("before_horizon")).findFirst().orElseThrow().getLong("id");
        assertThat(CliTest.run("--data-dir", data(), "quarantine", "drop", String.valueOf(pastId)).out())
                .contains("1 quarantined reading(s) dropped");
        assertThat(CliTest.run("--data-dir", data(), "quarantine", "list").out())
                .contains("held in quarantine: " + (pastCount - 1) + " before_horizon");

        try (Database db = open()) {
            assertThat(rollups(db)).isEqualTo(before);
        }
    }
}
