package org.ecofoyer.ingest.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ecofoyer.ingest.sync.SyncFixture.PARIS;
import static org.ecofoyer.ingest.sync.SyncFixture.await;

import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.ecofoyer.core.MeterKind;
import org.ecofoyer.drivers.utility.UtilityException;
import org.ecofoyer.ingest.writer.ReadingWriter;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.MeterTakenException;
import org.ecofoyer.storage.TestDatabases;
import org.ecofoyer.tools.fake.FakeData;
import org.ecofoyer.tools.fake.FakeRoute;
import org.ecofoyer.tools.fake.FakeUtilityServer;
import org.ecofoyer.tools.fake.Fault;
import org.ecofoyer.ingest.sync.SyncState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UtilitySyncTest {
    private static final String PCE = "23000000000077";
    private Database db;
    private DataSource ds;
    private Vertx vertx;
    /** A meter's learned subscriptions (meter_contract), oldest first, as "kva/option/source". */
    private List<String> contracts(String meter) throws Exception {
        List<String> out = new ArrayList<>();
        try (var c = ds.getConnection(); var ps = c.prepareStatement("SELECT k.kva, k.tariff_option, k.source"
                + " FROM meter_contract k JOIN meter m ON m.id = k.meter_id WHERE m.code = ? ORDER BY k.learned_at")) {
            ps.setString(1, meter);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getObject(1) + "/" + rs.getString(2) + "/" + rs.getString(3));
                }
            }
        }
        return out;
    }

    private WebClient web;
    private FakeUtilityServer fake;
    private ReadingWriter writer;
    private final LocalDate today = SyncFixture.today();

    @BeforeEach
    void setUp() throws Exception {
        db = TestDatabases.newMigratedDatabase();
        ds = db.dataSource();
        vertx = Vertx.vertx();
        web = WebClient.create(vertx);
        fake = await(new FakeUtilityServer(vertx, SyncFixture.CLOCK, PARIS).start("127.0.0.1", 0));
        writer = SyncFixture.writer(ds);
        SyncFixture.addMeter(ds, "gas", "GAS", "GAZPAR", PCE);
    }

    @AfterEach
    void tearDown() throws Exception {
        writer.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        db.close();
    }

    private UtilitySync gasSync(int windowDays, int historyDays) {
        return SyncFixture.sync(vertx, ds, writer, Map.of(MeterKind.GAZPAR, SyncFixture.grdf(vertx, web, fake, windowDays, historyDays)));
    }

    /** What the fake publishes for the gas days [from, to), as stored rows. */
    private List<String> expectedGas(LocalDate from, LocalDate to) {
        List<String> conv = new ArrayList<>();
        List<String> energy = new ArrayList<>();
        List<String> volume = new ArrayList<>();
        for (FakeData.GasDay d : fake.data().gasDays(PCE, from, to)) {
            Instant six = d.day().atTime(6, 0).atZone(PARIS).toInstant();
            conv.add("gas.conversion.daily@" + six + "=" + d.coefficient().movePointRight(3).longValueExact());
            energy.add("gas.energy.daily@" + six + "=" + d.energyKWh() * 1000);
            volume.add("gas.volume.daily@" + six + "=" + d.volumeM3() * 1000);
        }
        List<String> all = new ArrayList<>(conv);
        all.addAll(energy);
        all.addAll(volume);
        return all;
    }

    @Test
    void firstSyncBackfillsTheWholeHistoryThenASecondSyncChangesNothing() throws Exception {
        UtilitySync sync = gasSync(20, 60);
        List<int[]> progress = new ArrayList<>();
        SyncReport r = await(sync.sync("gas", null, (m, done, total) -> progress.add(new int[] {done, total})));
        assertThat(r.ok()).isTrue();
        assertThat(r.from()).isEqualTo(today.minusDays(60));
        assertThat(r.days()).isEqualTo(60);
        assertThat(fake.requests(FakeRoute.GRDF_INFORMATIVES)).isEqualTo(3);
        assertThat(progress).extracting(p -> p[0]).containsExactly(0, 20, 40, 60);
        assertThat(progress).allMatch(p -> p[1] == 60);
        List<String> first = SyncFixture.rows(ds, "gas");
        assertThat(first).containsExactlyElementsOf(expectedGas(today.minusDays(60), today));

        SyncState state = await(sync.state("gas"));
        assertThat(state.cursor()).isEqualTo(today);
        assertThat(state.lastError()).isNull();
        assertThat(state.lastSuccess()).isNotNull();
        assertThat(state.nextRun()).isAfter(SyncFixture.CLOCK.instant());
        LocalTime next = state.nextRun().atZone(PARIS).toLocalTime();
        assertThat(next).isBetween(LocalTime.of(7, 30), LocalTime.of(9, 30));
        assertThat(state.runningSince()).isNull();

        SyncReport again = await(sync.sync("gas", null, SyncProgress.NONE));
        assertThat(again.from()).isEqualTo(today.minusDays(10));
        assertThat(SyncFixture.rows(ds, "gas")).isEqualTo(first);
    }

    @Test
    void aCorrectedValueReplacesTheStoredOneAndTellsTheAggregator() throws Exception {
        UtilitySync sync = gasSync(20, 30);
        await(sync.sync("gas", null, SyncProgress.NONE));
        LocalDate day = today.minusDays(5);
        Instant six = day.atTime(6, 0).atZone(PARIS).toInstant();
        // as if the utility had first published a provisional value, since corrected
        SyncFixture.execute(ds, "UPDATE reading SET value = 1 WHERE channel = 'gas.energy.daily' AND instant = '" + six + "'");
        SyncFixture.execute(ds, "DELETE FROM reading_dirty");
        await(sync.sync("gas", null, SyncProgress.NONE));
        assertThat(SyncFixture.rows(ds, "gas")).containsExactlyElementsOf(expectedGas(today.minusDays(30), today));
        assertThat(SyncFixture.days(ds, "gas", "gas.energy.daily")).doesNotHaveDuplicates();
        try (var c = ds.getConnection(); var st = c.createStatement();
             var rs = st.executeQuery("SELECT since FROM reading_dirty")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getTimestamp(1).toInstant()).isEqualTo(six);
        }
    }

    @Test
    void aUtilityOutageKeepsTheCommittedWindowsAndTheNextRunResumesAtTheCursor() throws Exception {
        UtilitySync sync = gasSync(10, 40);
        Fault ok = Fault.slow(Duration.ofMillis(1));
        fake.script(FakeRoute.GRDF_INFORMATIVES, ok, ok, Fault.unavailable(), Fault.unavailable(), Fault.unavailable());
        SyncReport r = await(sync.sync("gas", null, SyncProgress.NONE));
        assertThat(r.ok()).isFalse();
        assertThat(r.error().kind()).isEqualTo(UtilityException.Kind.UNAVAILABLE);
        assertThat(r.days()).isEqualTo(20);
        LocalDate from = today.minusDays(40);
        assertThat(SyncFixture.cursor(ds, "gas")).isEqualTo(from.plusDays(20));
        assertThat(SyncFixture.rows(ds, "gas")).containsExactlyElementsOf(expectedGas(from, from.plusDays(20)));
        SyncState state = await(sync.state("gas"));
        assertThat(state.lastError()).contains("unavailable").contains("retrying at");
        assertThat(state.lastErrorKind()).isEqualTo("UNAVAILABLE");
        assertThat(state.nextRun()).isBefore(SyncFixture.CLOCK.instant().plus(Duration.ofMinutes(16)));

        int before = fake.requests(FakeRoute.GRDF_INFORMATIVES);
        SyncReport resumed = await(sync.sync("gas", null, SyncProgress.NONE));
        assertThat(resumed.ok()).isTrue();
        assertThat(resumed.from()).isEqualTo(from.plusDays(20));
        assertThat(fake.requests(FakeRoute.GRDF_INFORMATIVES) - before).isEqualTo(2);
        assertThat(SyncFixture.rows(ds, "gas")).containsExactlyElementsOf(expectedGas(from, today));
        assertThat(await(sync.state("gas")).lastError()).isNull();
    }

    @Test
    void noConsentIsShownToTheHouseholdAndRetriedTheNextDay() throws Exception {
        fake.deny(PCE);
        SyncReport r = await(gasSync(20, 30).sync("gas", null, SyncProgress.NONE));
        assertThat(r.error().kind()).isEqualTo(UtilityException.Kind.CONSENT_MISSING);
        SyncState state = await(gasSync(20, 30).state("gas"));
        assertThat(state.lastError()).contains("household must grant access");
        // the next daily run (07:30 local plus up to 2 h of jitter), not the 15 minutes of a transient failure
        assertThat(state.nextRun()).isAfter(SyncFixture.CLOCK.instant());
        assertThat(state.nextRun().atZone(PARIS).toLocalTime()).isBetween(LocalTime.of(7, 30), LocalTime.of(9, 30));
        assertThat(state.lastErrorKind()).isEqualTo("CONSENT_MISSING");
        assertThat(SyncFixture.cursor(ds, "gas")).isNull();
    }

    @Test
    void anExplicitStartDateRefetchesFromThere() throws Exception {
        UtilitySync sync = gasSync(20, 365);
        SyncReport r = await(sync.sync("gas", today.minusDays(15), SyncProgress.NONE));
        assertThat(r.from()).isEqualTo(today.minusDays(15));
        assertThat(SyncFixture.days(ds, "gas", "gas.volume.daily")).hasSize(15);
    }

    @Test
    void enedisLoadCurveIsFetchedInSevenDayWindowsAndAddsUpToTheDailyTotals() throws Exception {
        SyncFixture.addMeter(ds, "linky", "ELECTRICITY", "ENEDIS_API", "09999999999993");
        List<String> offPeak = new ArrayList<>();
        UtilitySync sync = new UtilitySync(vertx, new org.ecofoyer.storage.Jdbc(vertx, ds, 2), writer,
                Map.of(MeterKind.ENEDIS_API, SyncFixture.enedis(vertx, web, fake, 20)), 10,
                new SyncSchedule(LocalTime.of(7, 30), Duration.ZERO, new java.util.Random(1)), SyncFixture.CLOCK,
                (meterId, hours, firstDay, day, zone) -> {
                    offPeak.add(hours + " from " + firstDay);
                    return io.vertx.core.Future.succeededFuture();
                });
        SyncReport r = await(sync.sync("linky", null, SyncProgress.NONE));
        assertThat(r.ok()).isTrue();
        // the fake's contract says HC (23H00-7H30); the calendar gets it from the first synced day
        assertThat(offPeak).containsExactly("HC (23H00-7H30) from " + today.minusDays(20));
        // #16: the contract's "9 kVA" is learned as the meter's own subscription (source enedis); the option is not the
        // contract's to tell (left null)
        assertThat(contracts("linky")).containsExactly("9/null/enedis");
        assertThat(fake.requests(FakeRoute.ENEDIS_LOAD_CURVE)).isEqualTo(3);
        assertThat(SyncFixture.days(ds, "linky", "energy.daily")).hasSize(20);
        try (var c = ds.getConnection(); var st = c.createStatement(); var rs = st.executeQuery("""
                SELECT d.value, (SELECT sum(i.value) FROM reading i WHERE i.meter_id = d.meter_id
                   AND i.channel = 'energy.interval.30' AND i.instant >= d.instant AND i.instant < d.instant + interval '1 day')
                FROM reading d WHERE d.channel = 'energy.daily'""")) {
            int n = 0;
            while (rs.next()) {
                assertThat(rs.getLong(2)).isEqualTo(rs.getLong(1));
                n++;
            }
            assertThat(n).isEqualTo(20);
        }
        // a second sync reads the same contract and writes no second subscription
        assertThat(await(sync.sync("linky", null, SyncProgress.NONE)).ok()).isTrue();
        assertThat(contracts("linky")).containsExactly("9/null/enedis");
    }

    @Test
    void teleoWaterSync() throws Exception {
        SyncFixture.addMeter(ds, "water", "WATER", "TELEO", "DEMO-EAU-0001");
        UtilitySync sync = SyncFixture.sync(vertx, ds, writer, Map.of(MeterKind.TELEO, SyncFixture.teleo(vertx, web, fake, 60)));
        assertThat(await(sync.sync("water", null, SyncProgress.NONE)).ok()).isTrue();
        List<LocalDate> days = SyncFixture.days(ds, "water", "water.volume.daily");
        assertThat(days).hasSize(60).startsWith(today.minusDays(60)).endsWith(today.minusDays(1));
        assertThat(fake.requests(FakeRoute.TELEO_DAILY)).isEqualTo(3);
    }

    @Test
    void syncAllRunsEveryUtilityMeterAndReportsUnconfiguredUtilities() throws Exception {
        SyncFixture.addMeter(ds, "water", "WATER", "TELEO", "DEMO-EAU-0001");
        List<SyncReport> reports = await(gasSync(20, 20).syncAll(SyncProgress.NONE));
        assertThat(reports).extracting(SyncReport::meter).containsExactly("gas", "water");
        assertThat(reports.get(0).ok()).isTrue();
        assertThat(reports.get(1).error().kind()).isEqualTo(UtilityException.Kind.CREDENTIALS_REJECTED);
        assertThat(reports.get(1).error().getMessage()).contains("utility.teleo.username and utility.teleo.password-file");
    }

    @Test
    void onlyUtilityMetersAreSynced() throws Exception {
        SyncFixture.execute(ds, "INSERT INTO meter (code, household_id, fluid, kind) VALUES ('tic', 'home', 'ELECTRICITY', 'LINKY_TIC')");
        assertThatThrownBy(() -> await(gasSync(20, 20).sync("tic", null, SyncProgress.NONE)))
                .hasMessageContaining("LINKY_TIC");
        assertThatThrownBy(() -> await(gasSync(20, 20).sync("nope", null, SyncProgress.NONE)))
                .hasMessageContaining("no meter 'nope'");
    }

    @Test
    void syncDueTakesNeverSyncedMetersAndNotTheOnesPlannedLater() throws Exception {
        UtilitySync sync = gasSync(20, 20);
        assertThat(await(sync.syncDue())).extracting(SyncReport::meter).containsExactly("gas");
        assertThat(await(sync.syncDue())).isEmpty();
    }

    /**
     * A PCE already connected to one household cannot be connected to another (security finding 1: one household
     * attached another's meter and read its history), neither through {@code connect} nor by a direct insert; the same
     * household re-connecting its own meter is still fine, and the refusal names the holder for the operator.
     */
    @Test
    void aMetersExternalIdBelongsToOneHouseholdAtATime() throws Exception {
        SyncFixture.execute(ds, "INSERT INTO household (id) VALUES ('intruder')");
        UtilitySync sync = gasSync(20, 20);
        assertThatThrownBy(() -> await(sync.connect("stolen-gas", "intruder", MeterKind.GAZPAR, PCE)))
                .isInstanceOf(MeterTakenException.class)
                .hasMessageContaining("gas meter " + PCE + " already belongs to household 'home' (meter gas)");
        assertThat(SyncFixture.count(ds, "SELECT count(*) FROM meter WHERE household_id = 'intruder'")).isZero();
        // The constraint itself, for every other writer of meter rows.
        assertThatThrownBy(() -> SyncFixture.execute(ds, "INSERT INTO meter (code, household_id, fluid, kind, external_id)"
                + " VALUES ('direct', 'intruder', 'GAS', 'GAZPAR', '" + PCE + "')")).hasMessageContaining("meter_external_id_key");
        // The holder connecting its own meter again is idempotent; another fluid may carry the same digits.
        await(sync.connect("gas", "home", MeterKind.GAZPAR, PCE));
        await(sync.connect("water-same-digits", "intruder", MeterKind.TELEO, PCE));
        assertThat(SyncFixture.count(ds, "SELECT count(*) FROM meter WHERE external_id = '" + PCE + "'")).isEqualTo(2);
        // Once the holder's meter is gone, the PCE is free for the household that moved in.
        SyncFixture.execute(ds, "DELETE FROM meter WHERE code = 'gas'");
        await(sync.connect("moved-in-gas", "intruder", MeterKind.GAZPAR, PCE));
        assertThat(SyncFixture.count(ds, "SELECT count(*) FROM meter WHERE household_id = 'intruder' AND fluid = 'GAS'")).isEqualTo(1);
    }
}
