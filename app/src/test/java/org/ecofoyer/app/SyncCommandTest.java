package org.ecofoyer.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.ecofoyer.tools.fake.FakeUtilityServer;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code ecofoyer sync} against the fake utility server over HTTP and a real database. */
class SyncCommandTest {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private Vertx vertx;
    private FakeUtilityServer fake;
    private Database db;
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void setUp() throws Exception {
        vertx = Vertx.vertx();
        fake = new FakeUtilityServer(vertx, Clock.systemUTC(), PARIS).start("127.0.0.1", 0)
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        fake.firstDay(LocalDate.now(PARIS).minusDays(40));
        db = TestDatabases.newMigratedDatabase();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO household (id) VALUES ('home')");
            st.execute("INSERT INTO meter (code, household_id, fluid, kind, external_id) VALUES"
                    + " ('gas', 'home', 'GAS', 'GAZPAR', '23000000000005'),"
                    + " ('water', 'home', 'WATER', 'TELEO', 'DEMO-EAU-0001'),"
                    + " ('tic', 'home', 'ELECTRICITY', 'LINKY_TIC', null)");
        }
        env.put("ECOFOYER_STORAGE_URL", db.jdbcUrl());
        env.put("ECOFOYER_STORAGE_USER", "postgres");
        env.put("ECOFOYER_UTILITY_GRDF_API_URL", fake.grdfApiUrl());
        env.put("ECOFOYER_UTILITY_GRDF_TOKEN_URL", fake.grdfTokenUrl());
        env.put("ECOFOYER_UTILITY_GRDF_CLIENT_ID", FakeUtilityServer.CLIENT_ID);
        env.put("ECOFOYER_UTILITY_GRDF_CLIENT_SECRET", FakeUtilityServer.CLIENT_SECRET);
    }

    @AfterEach
    void tearDown() throws Exception {
        db.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private long count(String sql) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void syncOneMeterShowsAProgressBarAndStoresItsHistory() throws Exception {
        CliTest.Result r = CliTest.run(env, "sync", "--meter-id", "gas");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("gas").contains("[##############################] 100% 1095/1095 days")
                .contains("gas: 1095 day(s)").contains("120 reading(s)");
        // the fake has 40 days of data: three readings a gas day
        assertThat(count("SELECT count(*) FROM reading")).isEqualTo(120);
        assertThat(r.out() + r.err()).doesNotContain(FakeUtilityServer.CLIENT_SECRET);

        CliTest.Result again = CliTest.run(env, "sync", "--meter-id", "gas", "--from", LocalDate.now(PARIS).minusDays(5).toString());
        assertThat(again.code()).isZero();
        assertThat(again.out()).contains("gas: 5 day(s)");
        assertThat(count("SELECT count(*) FROM reading")).isEqualTo(120);

        CliTest.Result status = CliTest.run(env, "sync", "--status");
        assertThat(status.code()).isZero();
        assertThat(status.out()).contains("gas: synced up to " + LocalDate.now(PARIS).minusDays(1)).contains("water: never synced");
    }

    @Test
    void syncAllSaysWhatToConfigureForAnUnconfiguredUtilityAndExitsOne() {
        CliTest.Result r = CliTest.run(env, "sync", "--all");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("gas: 1095 day(s)");
        assertThat(r.err()).contains("water").contains("utility.teleo.username");
    }

    @Test
    void aHouseholdConnectsItsGasMeterThenItIsBackfilled() throws Exception {
        CliTest.Result r = CliTest.run(env, "sync", "--meter-id", "gas-2", "--household", "home", "--connect", "gazpar:23000000000006");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("gas-2: connected to household home as GAZPAR 23000000000006").contains("gas-2: 1095 day(s)");
        assertThat(count("SELECT count(*) FROM meter WHERE code = 'gas-2' AND kind = 'GAZPAR' AND fluid = 'GAS'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM reading r JOIN meter m ON m.id = r.meter_id WHERE m.code = 'gas-2'")).isEqualTo(120);
        // connecting again is harmless; the same code for another meter is refused
        assertThat(CliTest.run(env, "sync", "--meter-id", "gas-2", "--household", "home", "--connect", "GAZPAR:23000000000006").code()).isZero();
        CliTest.Result clash = CliTest.run(env, "sync", "--meter-id", "gas-2", "--household", "home", "--connect", "TELEO:X-1");
        assertThat(clash.code()).isEqualTo(1);
        assertThat(clash.err()).contains("exists as GAZPAR 23000000000006");
        CliTest.Result noHousehold = CliTest.run(env, "sync", "--meter-id", "gas-3", "--household", "nobody", "--connect", "GAZPAR:1");
        assertThat(noHousehold.code()).isEqualTo(1);
        assertThat(noHousehold.err()).contains("no household 'nobody'");
        assertThat(CliTest.run(env, "sync", "--meter-id", "gas-3", "--connect", "GAZPAR:1").code()).isEqualTo(2);
        assertThat(CliTest.run(env, "sync", "--meter-id", "gas-3", "--household", "home", "--connect", "OIL:1").code()).isEqualTo(2);
    }

    @Test
    void usageErrors() {
        assertThat(CliTest.run(env, "sync").code()).isEqualTo(2);
        assertThat(CliTest.run(env, "sync", "--all", "--meter-id", "gas").code()).isEqualTo(2);
        assertThat(CliTest.run(env, "sync", "--all", "--from", "2026-01-01").code()).isEqualTo(2);
        CliTest.Result badDate = CliTest.run(env, "sync", "--meter-id", "gas", "--from", "yesterday");
        assertThat(badDate.code()).isEqualTo(2);
        assertThat(badDate.err()).contains("--from: expected a date YYYY-MM-DD");
        CliTest.Result tic = CliTest.run(env, "sync", "--meter-id", "tic");
        assertThat(tic.code()).isEqualTo(1);
        assertThat(tic.err()).contains("LINKY_TIC");
    }
}
