package org.ecofoyer.ingest.sync;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.ecofoyer.core.MeterKind;
import org.ecofoyer.drivers.utility.ApiLimits;
import org.ecofoyer.drivers.utility.RetryPolicy;
import org.ecofoyer.drivers.utility.Secret;
import org.ecofoyer.drivers.utility.enedis.EnedisApi;
import org.ecofoyer.drivers.utility.enedis.EnedisClient;
import org.ecofoyer.drivers.utility.grdf.GrdfClient;
import org.ecofoyer.drivers.utility.teleo.TeleoClient;
import org.ecofoyer.ingest.IngestMetrics;
import org.ecofoyer.ingest.writer.ReadingWriter;
import org.ecofoyer.ingest.writer.WriterConfig;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.Jdbc;
import org.ecofoyer.tools.fake.FakeUtilityServer;

/** Test support: a real database, the ingest writer, the fake utility server over real HTTP, and clients to it. */
final class SyncFixture {
    /**
     * The tests' clock: it ticks, but from noon in Paris on a fixed date, so that no run straddles a Paris midnight
     * (whose "today" would change between the sync and the test's expectations) whatever the hour the suite runs.
     * A child process (SyncChild) starts from the same instant.
     */
    static final Instant START = Instant.parse("2026-11-18T11:00:00Z");
    static final Clock CLOCK = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), START));

    /** The tests' "today" in Paris. */
    static LocalDate today() {
        return LocalDate.ofInstant(CLOCK.instant(), PARIS);
    }

    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    static final RetryPolicy QUICK = new RetryPolicy(3, Duration.ofMillis(50), Duration.ofSeconds(5), Duration.ofSeconds(2));

    private SyncFixture() {
    }

    static <T> T await(Future<T> f) throws Exception {
        try {
            return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    static ReadingWriter writer(DataSource ds) {
        return new ReadingWriter(ds, new WriterConfig(5000, Duration.ofMillis(20), 50_000, 1, null, null),
                IngestMetrics.inMemory()).start();
    }

    static GrdfClient grdf(Vertx vertx, WebClient web, FakeUtilityServer fake, int windowDays, int historyDays) {
        return grdf(vertx, web, fake.baseUrl(), windowDays, historyDays);
    }

    /** A GRDF client to the fake server at {@code base} (which may run in another process). */
    static GrdfClient grdf(Vertx vertx, WebClient web, String base, int windowDays, int historyDays) {
        return new GrdfClient(vertx, web, new GrdfClient.Settings(base + "/grdf/adict/v2", base + "/grdf/token",
                FakeUtilityServer.CLIENT_ID, Secret.of(FakeUtilityServer.CLIENT_SECRET),
                new ApiLimits(Duration.ZERO, 0, windowDays, historyDays)), QUICK, CLOCK);
    }

    static EnedisClient enedis(Vertx vertx, WebClient web, FakeUtilityServer fake, int historyDays) {
        return new EnedisClient(vertx, web, new EnedisClient.Settings(fake.enedisApiUrl(), fake.enedisTokenUrl(),
                FakeUtilityServer.CLIENT_ID, Secret.of(FakeUtilityServer.CLIENT_SECRET), EnedisApi.DC2026, true,
                new ApiLimits(Duration.ZERO, 10_000, 7, historyDays)), QUICK, CLOCK);
    }

    static TeleoClient teleo(Vertx vertx, WebClient web, FakeUtilityServer fake, int historyDays) {
        return new TeleoClient(vertx, web, new TeleoClient.Settings(fake.teleoUrl(), fake.teleoUrl(),
                FakeUtilityServer.TELEO_CLIENT_ID, FakeUtilityServer.TELEO_REDIRECT, FakeUtilityServer.TELEO_USER,
                Secret.of(FakeUtilityServer.TELEO_PASSWORD), new ApiLimits(Duration.ZERO, 0, 28, historyDays)), QUICK,
                CLOCK);
    }

    static UtilitySync sync(Vertx vertx, DataSource ds, ReadingWriter writer, java.util.Map<MeterKind, org.ecofoyer.drivers.utility.UtilitySource> sources) {
        return new UtilitySync(vertx, new Jdbc(vertx, ds, 4), writer, sources, 10,
                new SyncSchedule(java.time.LocalTime.of(7, 30), Duration.ofHours(2), new Random(7)), CLOCK);
    }

    static void addMeter(DataSource ds, String code, String fluid, String kind, String externalId) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO household (id) VALUES ('home') ON CONFLICT DO NOTHING");
            st.execute("INSERT INTO meter (code, household_id, fluid, kind, external_id) VALUES ('" + code + "', 'home', '"
                    + fluid + "', '" + kind + "', '" + externalId + "')");
        }
    }

    static Database external(String url) {
        return Database.open(new org.ecofoyer.storage.StorageConfig(url, "postgres", null, 4, null, null), null);
    }

    /** "channel@instant=value" of every stored reading of a meter, in key order. */
    static List<String> rows(DataSource ds, String code) {
        return org.ecofoyer.ingest.TestMeters.rows(ds, code);
    }

    /** The local days (in Paris) that have a reading of {@code channel}. */
    static List<LocalDate> days(DataSource ds, String code, String channel) throws SQLException {
        List<LocalDate> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT (r.instant AT TIME ZONE 'Europe/Paris')::date FROM reading r JOIN meter m ON m.id = r.meter_id"
                        + " WHERE m.code = ? AND r.channel = ? ORDER BY 1")) {
            ps.setString(1, code);
            ps.setString(2, channel);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getDate(1).toLocalDate());
                }
            }
        }
        return out;
    }

    static LocalDate cursor(DataSource ds, String code) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT s.cursor_day FROM utility_sync s JOIN meter m ON m.id = s.meter_id WHERE m.code = ?")) {
            ps.setString(1, code);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Date d = rs.getDate(1);
                return d == null ? null : d.toLocalDate();
            }
        }
    }

    static void execute(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    static long count(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
