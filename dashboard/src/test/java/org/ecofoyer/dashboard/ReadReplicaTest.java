package org.ecofoyer.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.Jdbc;
import org.ecofoyer.storage.ReplicaReads;
import org.ecofoyer.storage.StorageConfig;
import org.ecofoyer.storage.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The charts read from a real streaming replica ({@code storage.read-url}) that scripts/test.sh starts (pg_basebackup
 * -R of a PostgreSQL 17 primary), and the read rule keeps a household from seeing its fresh data missing: the replica's
 * replay is paused with {@code pg_wal_replay_pause()}, so what the primary commits next is on the primary only.
 */
class ReadReplicaTest {
    static final Duration MAX_LAG = Duration.ofSeconds(5);
    static final String DAY = "/api/v1/households/H1/fluids/electricity/series?step=day&from=2026-11-01&to=2026-11-02";

    static String primaryUrl;
    static String replicaUrl;
    static MutableClock readClock;
    static TestServer server;
    static Browser alice;

    @BeforeAll
    static void start() throws Exception {
        String[] urls = TestServices.require("ECO_TEST_PG_PRIMARY_URL", "ECO_TEST_PG_REPLICA_URL");
        // A database of its own on the primary: the replica copies the whole cluster, so it appears there too.
        String name = "rr" + ProcessHandle.current().pid() + "_" + System.nanoTime();
        try (Connection c = DriverManager.getConnection(urls[0]); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        primaryUrl = urls[0].replace("/postgres?", "/" + name + "?");
        replicaUrl = urls[1].replace("/postgres?", "/" + name + "?");
        readClock = new MutableClock(Instant.parse("2026-12-07T00:00:00Z"));
        StorageConfig cfg = new StorageConfig(primaryUrl, null, null, 8, null, null, null, null, null, replicaUrl, MAX_LAG);
        Database db = Database.open(cfg, null, readClock);
        db.migrate();
        server = new TestServer(db, DashboardConfig.DEFAULTS,
                (d, vertx, jdbc) -> d.withChartReads(new Jdbc(vertx, db.readDataSource(), 2)));
        alice = new Browser(server.base());
        assertThat(alice.signIn("alice", TestServer.PASSWORD).statusCode()).isEqualTo(200);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            try (Connection r = DriverManager.getConnection(replicaUrl); Statement st = r.createStatement()) {
                st.execute("SELECT pg_wal_replay_resume()");
            }
            server.close();
        }
    }

    static double firstDay() {
        HttpResponse<String> r = alice.get(DAY);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Browser.json(r).getJsonArray("points").getJsonObject(0).getDouble("quantity");
    }

    static ReplicaReads reads() {
        return (ReplicaReads) server.db.readDataSource();
    }

    /** Waits until the replica has replayed everything the primary has written now. */
    static void awaitCaughtUp() throws SQLException {
        String lsn;
        try (Connection p = DriverManager.getConnection(primaryUrl); Statement st = p.createStatement();
             ResultSet rs = st.executeQuery("SELECT pg_current_wal_insert_lsn()::text")) {
            rs.next();
            lsn = rs.getString(1);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> onReplica("SELECT pg_last_wal_replay_lsn() >= '" + lsn + "'::pg_lsn"));
    }

    static boolean onReplica(String sql) throws SQLException {
        try (Connection r = DriverManager.getConnection(replicaUrl); Statement st = r.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    static void pauseReplay() throws SQLException {
        try (Connection r = DriverManager.getConnection(replicaUrl); Statement st = r.createStatement()) {
            st.execute("SELECT pg_wal_replay_pause()");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> onReplica("SELECT pg_get_wal_replay_pause_state() = 'paused'"));
    }

    /** What the recompute would do when new data comes: the household's first day, ten times bigger, on the primary. */
    static void primaryMultipliesFirstDayBy(int factor) throws SQLException {
        try (Connection p = DriverManager.getConnection(primaryUrl); Statement st = p.createStatement()) {
            int n = st.executeUpdate("UPDATE rollup SET quantity = quantity * " + factor + ", cost_eur = cost_eur * " + factor
                    + " WHERE granularity = 1 AND local_start = '2026-11-01T00:00'"
                    + " AND meter_id = (SELECT id FROM meter WHERE code = 'H1-elec')");
            assertThat(n).isPositive();
        }
    }

    @Test
    void chartsReadTheReplicaWithinTheLagAndThePrimaryWhenTheReplicaIsBehind() throws Exception {
        awaitCaughtUp();
        readClock.advance(MAX_LAG); // a fence taken now, with everything the fixtures wrote
        assertThat(firstDay()).isCloseTo(10.0, within(1e-9));

        awaitCaughtUp(); // past the fence just taken
        pauseReplay();
        primaryMultipliesFirstDayBy(10);

        // Within read-max-lag of the fence, the replica serves, and it does not have the change: the proof that the
        // chart was read there (the primary has 100).
        long replicaBefore = reads().servedByReplica();
        assertThat(firstDay()).isCloseTo(10.0, within(1e-9));
        assertThat(reads().servedByReplica()).isGreaterThan(replicaBefore);

        // read-max-lag later the fence is the primary's position after the change, which the paused replica has not
        // replayed: the chart comes from the primary, with the fresh value.
        readClock.advance(MAX_LAG);
        long primaryBefore = reads().servedByPrimary();
        assertThat(firstDay()).isCloseTo(100.0, within(1e-9));
        assertThat(reads().servedByPrimary()).isGreaterThan(primaryBefore);

        // Replay resumed and caught up: the replica serves again, with the change.
        try (Connection r = DriverManager.getConnection(replicaUrl); Statement st = r.createStatement()) {
            st.execute("SELECT pg_wal_replay_resume()");
        }
        awaitCaughtUp();
        // A new fence may hold a write made meanwhile (the session's touch, autovacuum) that the replica replays a
        // moment later: asked again until the replica serves, which it must do with the new value.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            readClock.advance(MAX_LAG);
            long before = reads().servedByReplica();
            double value = firstDay();
            assertThat(reads().servedByReplica()).isGreaterThan(before);
            assertThat(value).isCloseTo(100.0, within(1e-9));
        });
    }

    @Test
    void aHouseholdsOwnWriteIsReadBackFromThePrimaryWhateverTheReplica() throws Exception {
        awaitCaughtUp();
        pauseReplay();
        try {
            HttpResponse<String> put = alice.send("PUT", "/api/v1/households/H1/profile",
                    new JsonObject().put("surfaceM2", 73.5).put("occupants", 3));
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
            HttpResponse<String> r = alice.get("/api/v1/households/H1");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonObject profile = Browser.json(r).getJsonObject("profile");
            assertThat(profile.getDouble("surfaceM2")).isEqualTo(73.5);
            assertThat(profile.getInteger("occupants")).isEqualTo(3);
            // The replica, paused, does not have it: a version that read the household's page there would fail above.
            assertThat(onReplica("SELECT surface_m2 IS DISTINCT FROM 73.5 FROM household WHERE id = 'H1'")).isTrue();
        } finally {
            try (Connection r = DriverManager.getConnection(replicaUrl); Statement st = r.createStatement()) {
                st.execute("SELECT pg_wal_replay_resume()");
            }
        }
    }
}
