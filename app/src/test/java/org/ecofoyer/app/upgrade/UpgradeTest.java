package org.ecofoyer.app.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.ecofoyer.aggregation.AggregationConfig;
import org.ecofoyer.aggregation.maths.Amount;
import org.ecofoyer.aggregation.maths.Analysis;
import org.ecofoyer.aggregation.maths.Granularity;
import org.ecofoyer.aggregation.maths.SeriesPoint;
import org.ecofoyer.aggregation.maths.Totals;
import org.ecofoyer.aggregation.query.QueryService;
import org.ecofoyer.aggregation.query.Series;
import org.ecofoyer.aggregation.query.SeriesQuery;
import org.ecofoyer.aggregation.store.Recompute;
import org.ecofoyer.core.Fluid;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.Jdbc;
import org.ecofoyer.storage.Migrations;
import org.ecofoyer.storage.StorageConfig;
import org.ecofoyer.storage.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Upgrades a populated database from each previous release to this tree's schema (docs/releases.md). For each
 * release recorded in {@code upgrade/} (its migrations {@code <release>.migrations}, its data {@code <release>.sql},
 * both frozen when it was cut): its migrations must still be here unchanged; an empty database gets exactly them,
 * then the release's data (households, the three fluids' meters and raw readings over the autumn DST day, rollups
 * as that release wrote them, prices, calendars, sync state, accounts, sessions...), then the application's own
 * migration. Every row must survive with its values, the columns added since must be filled, and the application
 * must work on the result: the recompute rebuilds the same rollups and the query service reads the same answers.
 *
 * <p>New migrations need no change here: tables and columns that did not exist at a release are not compared (a
 * migration that fills them is checked by its own module's tests). A migration that deliberately removes rows of a
 * release's table must be listed in {@link #KNOWN_LOSSES}, with why.
 */
class UpgradeTest {
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    static final String HOUSEHOLD = "h-upgrade";
    static final LocalDate FROM = LocalDate.parse("2026-10-24");
    static final LocalDate TO = LocalDate.parse("2026-10-27");
    static final Instant DATA_START = Instant.parse("2026-10-01T00:00:00Z");

    /**
     * Rows a migration removes on purpose.
     *
     * @param version the migration
     * @param table   the table it empties
     * @param why     the reason, for the reader of a failure
     */
    record KnownLoss(String version, String table, String why) {
    }

    static final List<KnownLoss> KNOWN_LOSSES = List.of(new KnownLoss("40.2.1", "oauth_state",
            "consent requests in flight (10 minutes each) lacked the PRM the callback is now checked against: the household"
                    + " starts its consent again"));

    /**
     * What this version's recompute writes differently from a release's, on the same readings: the release's rows keep
     * their value until the recompute next covers them.
     *
     * @param releases      the releases that wrote the older value
     * @param column        the rollup column
     * @param granularities the rows concerned (0 half-hour, 1 day, 2 month, 3 year)
     * @param why           what changed, and when
     */
    record RecomputedDifferently(Set<String> releases, String column, Set<String> granularities, String why) {
    }

    static final List<RecomputedDifferently> RECOMPUTED_DIFFERENTLY = List.of(new RecomputedDifferently(Set.of("v0.1.0"),
            "incomplete", Set.of("2", "3"), "since v0.2.0 (79dab15) a month or year row that misses a day is flagged"
                    + " incomplete; v0.1.0 wrote false"),
            new RecomputedDifferently(Set.of("v0.1.0", "v0.2.0", "v0.3.0"), "cost_eur", Set.of("0", "1", "2", "3"),
                    "since V20_3_0 (#16) the seeded prices hold the grid of 2026-02-01 (HP/HC energy 0.2065/0.1579 €/kWh where"
                            + " the 2025-08-01 grid's 0.2081/0.1635 ran on) and the gas reference price month by month (none"
                            + " after 2026-02: December 2025's no longer runs on): the fixture's October 2026 costs change"));

    static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Every release recorded under {@code upgrade/}: a new one is picked up by adding its two files. */
    static Stream<String> releases() throws IOException, URISyntaxException {
        URL dir = UpgradeTest.class.getResource("/upgrade");
        assertThat(dir).as("the upgrade/ test resources").isNotNull();
        try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
            List<String> releases = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".migrations"))
                    .map(n -> n.substring(0, n.length() - ".migrations".length())).sorted().toList();
            return releases.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releases")
    void theReleasesMigrationsAreStillHereUnchanged(String release) {
        ReleaseManifest recorded = ReleaseManifest.recorded(release);
        try (Database empty = emptyDatabase()) {
            assertThat(recorded.changesIn(ReleaseManifest.current(empty.dataSource())))
                    .as("changes to the migrations of %s (upgrade/%s.migrations)", release, release).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releases")
    void aPopulatedDatabaseOfTheReleaseUpgradesWithEveryRow(String release, @TempDir Path scratch) throws Exception {
        ReleaseManifest manifest = ReleaseManifest.recorded(release);
        try (Database db = emptyDatabase()) {
            ReleaseSchema.migrate(db.dataSource(), manifest, scratch);
            assertThat(applied(db)).as("the versions applied for %s", release)
                    .containsExactlyInAnyOrderElementsOf(manifest.entries().stream().map(ReleaseManifest.Entry::version).toList());
            try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
                st.execute(resource("/upgrade/" + release + ".sql"));
            }
            TableSnapshot before = snapshot(db);
            assertThat(before.tables().get("rollup").rows()).as("the fixture's rollups").isNotEmpty();

            Migrations.Result upgrade = db.migrate(); // the application's own path: every module, out of order, validated
            Set<String> upgradedBy = new TreeSet<>(applied(db));
            upgradedBy.removeAll(manifest.entries().stream().map(ReleaseManifest.Entry::version).toList());
            assertThat(upgrade.applied()).as("migrations applied by the upgrade").isEqualTo(upgradedBy.size()).isPositive();
            assertThat(db.migrate().applied()).as("a second start applies nothing").isZero();

            TableSnapshot after = snapshot(db);
            assertEveryRowSurvived(release, before, after, upgradedBy);
            assertDayHalfHoursAreTheirHalfHourRows(db);
            assertTheApplicationWorksOnIt(release, db, after);
        }
    }

    /** This tree's migrations, written where docs/releases.md says to take them from when a release is cut. */
    @Test
    void thisTreesMigrationsAreRecordedForTheNextRelease() throws IOException {
        ReleaseManifest current;
        try (Database empty = emptyDatabase()) {
            current = ReleaseManifest.current(empty.dataSource());
        }
        Path out = Path.of("target", "upgrade", "current.migrations");
        Files.createDirectories(out.getParent());
        Files.writeString(out, current.text("Migrations of release vX.Y.Z (commit ...), schema version "
                + current.schemaVersion() + ": copy to src/test/resources/upgrade/vX.Y.Z.migrations (docs/releases.md)"));
        ReleaseManifest reread = new ReleaseManifest("current", Files.readString(out).lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).map(ReleaseManifest.Entry::parse).toList());
        assertThat(reread).isEqualTo(current);
        assertThat(current.entries()).extracting(ReleaseManifest.Entry::type).contains("SQL", "JDBC");
        // Java migrations have no Flyway checksum: theirs is their frozen SQL's, or an edit would go unseen.
        assertThat(current.entries().stream().filter(ReleaseManifest.Entry::isJava))
                .allSatisfy(e -> assertThat(e.checksum()).startsWith(ReleaseManifest.JAVA_CHECKSUM_PREFIX));
    }

    // --- the checks ------------------------------------------------------------------------------------------------

    /** Each table of the release keeps its rows, with the values of every column it had. */
    static void assertEveryRowSurvived(String release, TableSnapshot before, TableSnapshot after, Set<String> upgradedBy) {
        for (Map.Entry<String, TableSnapshot.Table> t : before.tables().entrySet()) {
            String table = t.getKey();
            TableSnapshot.Table was = t.getValue();
            TableSnapshot.Table is = after.tables().get(table);
            assertThat(is).as("%s's table %s after the upgrade", release, table).isNotNull();
            KnownLoss loss = KNOWN_LOSSES.stream().filter(l -> l.table().equals(table) && upgradedBy.contains(l.version()))
                    .findFirst().orElse(null);
            if (loss != null) {
                assertThat(is.rows()).as("%s emptied by %s: %s", table, loss.version(), loss.why()).isEmpty();
                continue;
            }
            assertThat(is.columns()).as("%s's columns of %s", release, table).containsAll(was.columns());
            KnownRemark remark = KNOWN_REMARKS.stream().filter(r -> r.table().equals(table) && upgradedBy.contains(r.version()))
                    .findFirst().orElse(null);
            if (remark != null) {
                assertThat(is.rowsOn(List.of(remark.key()))).as("%s's %s still there, %s: %s", release, remark.key(), remark.version(),
                        remark.why()).containsAll(was.rowsOn(List.of(remark.key())));
                continue;
            }
            List<String> expected = new ArrayList<>(was.rowsOn(was.columns()));
            KNOWN_ADDITIONS.stream().filter(a -> a.table().equals(table) && upgradedBy.contains(a.version()))
                    .forEach(a -> expected.add(a.row()));
            for (KnownBulkAddition bulk : KNOWN_BULK_ADDITIONS) {
                if (bulk.table().equals(table) && upgradedBy.contains(bulk.version())) {
                    List<String> added = is.rowsOn(was.columns()).stream().filter(bulk.row()).toList();
                    assertThat(added).as("rows %s seeds in %s: %s", bulk.version(), table, bulk.why()).isNotEmpty();
                    expected.addAll(added);
                }
            }
            assertThat(is.rowsOn(was.columns())).as("%s's rows of %s, on its columns %s", release, table, was.columns())
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    /**
     * A row a migration adds to a release's table (a registry such as {@code storage_timeseries}): expected after the
     * upgrade besides every row the release had, on the release's columns.
     */
    record KnownAddition(String version, String table, String row) {
    }

    static final List<KnownAddition> KNOWN_ADDITIONS = List.of(new KnownAddition("10.5.0", "storage_timeseries",
            "reading_block | day | 28 days | "));

    /**
     * Rows a migration seeds in bulk in a release's table: after the upgrade, the rows matching {@code row} (on the
     * release's columns) are expected besides the release's, and there must be some.
     */
    record KnownBulkAddition(String version, String table, java.util.function.Predicate<String> row, String why) {
    }

    static final List<KnownBulkAddition> KNOWN_BULK_ADDITIONS = List.of(new KnownBulkAddition("20.3.0", "price",
            r -> r.contains("| CRE-HPHC |") || r.contains("| CRE-TEMPO |") || r.contains("| EDF-SHEET-2026-02 |")
                    || r.contains("| PRIX-REPERE 20"),
            "the regulated HP/HC, Tempo, 2026-02-01 grid and gas prices (#16); an operator's price of the same key is kept"));

    /**
     * A table whose rows a migration changes on purpose: the release's {@code key} values must all still be there, the
     * other columns may differ and rows may be added.
     */
    record KnownRemark(String version, String table, String key, String why) {
    }

    static final List<KnownRemark> KNOWN_REMARKS = List.of(new KnownRemark("20.3.1", "reading_dirty", "meter_id",
            "every electricity and gas meter with rollups is marked for recompute from its first year, to reprice with"
                    + " V20_3_0's prices (a pending mark moves earlier)"));

    /**
     * Each electricity day's {@code total} row holds its half-hours (what V20_2_1 fills on a release without them and
     * the recompute writes since): worked out here from the half-hour rows, from the day's start to the next local
     * midnight, so 50 on the autumn DST day.
     */
    static void assertDayHalfHoursAreTheirHalfHourRows(Database db) throws SQLException {
        Map<String, Long> halfHours = new HashMap<>();
        List<Object[]> days = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("""
                     SELECT r.meter_id, r.granularity, r.start_at, r.local_start, r.quantity, r.half_hours
                       FROM rollup r JOIN meter m ON m.id = r.meter_id
                      WHERE m.fluid = 'ELECTRICITY' AND r.period = 'total' AND r.granularity IN (0, 1)""")) {
            while (rs.next()) {
                Instant start = rs.getTimestamp(3).toInstant();
                if (rs.getInt(2) == 0) {
                    halfHours.put(rs.getInt(1) + "@" + start, rs.getLong(5));
                } else {
                    Array a = rs.getArray(6);
                    days.add(new Object[] {rs.getInt(1), start, rs.getTimestamp(4).toLocalDateTime(),
                        a == null ? null : (Long[]) a.getArray()});
                }
            }
        }
        assertThat(days).as("electricity day rows").hasSizeGreaterThanOrEqualTo(3);
        boolean dstDay = false;
        for (Object[] d : days) {
            Instant start = (Instant) d[1];
            Instant end = ((LocalDateTime) d[2]).plusDays(1).atZone(PARIS).toInstant();
            int n = (int) (Duration.between(start, end).toMinutes() / 30);
            Long[] expected = new Long[n];
            for (int k = 0; k < n; k++) {
                expected[k] = halfHours.get(d[0] + "@" + start.plusSeconds(1800L * k));
            }
            dstDay |= n == 50;
            assertThat((Long[]) d[3]).as("half_hours of meter %s's day %s", d[0], d[2]).containsExactly(expected);
        }
        assertThat(dstDay).as("the fixture has the autumn DST day (50 half-hours)").isTrue();
    }

    /**
     * The recompute of today rebuilds, from the raw readings, the rollups the release wrote (and the upgrade kept);
     * the query service the dashboard reads through answers the same before and after.
     */
    void assertTheApplicationWorksOnIt(String release, Database db, TableSnapshot upgraded) throws Exception {
        List<RecomputedDifferently> differently = RECOMPUTED_DIFFERENTLY.stream().filter(d -> d.releases().contains(release)).toList();
        // When the recompute prices differently (new prices since the release), the answers are compared without costs.
        boolean costs = differently.stream().noneMatch(d -> d.column().equals("cost_eur"));
        String answersBefore = answers(db, costs);
        try (Recompute recompute = new Recompute(db.dataSource(), AggregationConfig.DEFAULTS)) {
            assertThat(recompute.drain().meters()).as("the release's pending recompute mark, and V20_3_1's repricing marks")
                    .isEqualTo(upgraded.tables().get("reading_dirty").rows().size()).isGreaterThanOrEqualTo(1);
            for (int meter : meters(db)) {
                recompute.meter(meter, DATA_START);
            }
        }
        TableSnapshot recomputed = snapshot(db);
        assertThat(recomputed.tables().get("reading_dirty").rows()).as("marks left").isEmpty();
        TableSnapshot.Table was = upgraded.tables().get("rollup");
        TableSnapshot.Table now = recomputed.tables().get("rollup");
        assertThat(rollupsBut(now, was.columns(), differently)).as("rollups recomputed by this version, but %s", differently)
                .containsExactlyElementsOf(rollupsBut(was, was.columns(), differently));
        assertThat(answers(db, costs)).as("the query service's answers after the recompute").isEqualTo(answersBefore);
        assertThat(answersBefore).as("the answers hold the fixture's days").contains(FROM.toString(), "2026-10-25", "2026-10-26");
    }

    /** The rollup rows on some columns, with the values this version recomputes differently blanked out. */
    static List<String> rollupsBut(TableSnapshot.Table rollup, List<String> columns, List<RecomputedDifferently> differently) {
        int granularity = rollup.columns().indexOf("granularity");
        List<List<String>> rows = new ArrayList<>();
        for (List<String> r : rollup.rows()) {
            List<String> row = new ArrayList<>(r);
            for (RecomputedDifferently d : differently) {
                if (d.granularities().contains(r.get(granularity))) {
                    row.set(rollup.columns().indexOf(d.column()), "(recomputed differently)");
                }
            }
            rows.add(row);
        }
        return new TableSnapshot.Table(rollup.columns(), rows).rowsOn(columns);
    }

    /** Day series of the three fluids and the electricity analysis, as text (the analysis holds arrays); costs blanked unless {@code costs}. */
    static String answers(Database db, boolean costs) throws Exception {
        try (Jdbc jdbc = new Jdbc(vertx, db.dataSource(), 2)) {
            QueryService q = new QueryService(jdbc);
            StringBuilder sb = new StringBuilder();
            for (Fluid f : Fluid.values()) {
                Series s = await(q.series(new SeriesQuery(HOUSEHOLD, f, Granularity.DAY, FROM, TO)));
                assertThat(s.points()).as("%s day points", f).hasSize(3);
                assertThat(s.points()).as("%s consumption", f).allSatisfy(p -> assertThat(p.quantity()).isPositive());
                sb.append(f).append(": ").append(costs ? s.points() : s.points().stream().map(UpgradeTest::withoutCosts).toList())
                        .append(' ').append(costs ? s.totals() : withoutCosts(s.totals())).append('\n');
            }
            Analysis a = await(q.analyse(HOUSEHOLD, FROM, TO));
            sb.append("analysis: ").append(a.baseloadW()).append(' ').append(a.peakW()).append(' ').append(a.peakAt())
                    .append(' ').append(a.periodShare()).append(' ').append(Arrays.toString(a.weekdayProfileW()))
                    .append(' ').append(Arrays.toString(a.weekendProfileW())).append(' ').append(costs ? a.totals() : withoutCosts(a.totals()));
            a.dayHourKwh().forEach(d -> sb.append('\n').append(d.day()).append(' ').append(Arrays.toString(d.kwh())));
            return sb.toString();
        }
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    static SeriesPoint withoutCosts(SeriesPoint p) {
        return new SeriesPoint(p.localStart(), p.start(), p.quantity(), null, p.estimated(), p.incomplete(), quantities(p.periods()),
                p.estimatedQuantity());
    }

    static Totals withoutCosts(Totals t) {
        return new Totals(t.quantity(), null, null, t.estimated(), t.days(), quantities(t.periods()), t.estimatedQuantity(), null, null, 0);
    }

    static Map<String, Amount> quantities(Map<String, Amount> periods) {
        Map<String, Amount> out = new java.util.TreeMap<>();
        periods.forEach((k, v) -> out.put(k, new Amount(v.quantity(), null)));
        return out;
    }

    static Database emptyDatabase() {
        return Database.open(new StorageConfig(TestDatabases.newEmptyDatabaseUrl(), "postgres", null, 4, null, null), null);
    }

    static TableSnapshot snapshot(Database db) throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            return TableSnapshot.of(c);
        }
    }

    static List<String> applied(Database db) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT version FROM " + TableSnapshot.HISTORY + " WHERE success AND version IS NOT NULL")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    static List<Integer> meters(Database db) throws SQLException {
        List<Integer> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id FROM meter ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getInt(1));
            }
        }
        return out;
    }

    static String resource(String name) throws IOException {
        try (InputStream in = UpgradeTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static <T> T await(io.vertx.core.Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
