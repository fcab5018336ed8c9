package org.ecofoyer.ingest.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ecofoyer.ingest.TestMeters.addMeter;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.ecofoyer.core.HouseholdId;
import org.ecofoyer.drivers.Reading;
import org.ecofoyer.ingest.IngestMetrics;
import org.ecofoyer.ingest.TestMeters;
import org.ecofoyer.ingest.query.IngestExport;
import org.ecofoyer.ingest.query.Readings;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.Jdbc;
import org.ecofoyer.storage.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The compactor on real PostgreSQL: closed days fold into blocks and every reader answers the same as from rows; late
 * data and duplicates for a compacted day converge; the retention removes exactly what it removed from rows; a fold
 * that fails leaves the rows as they were; a utility's correction reaches a compacted day.
 */
class ReadingCompactorTest {
    private static final Instant NOW = Instant.parse("2031-03-15T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Instant TODAY = Instant.parse("2031-03-15T00:00:00Z");
    private static final List<String> CHANNELS = List.of("index.HP", "power.apparent.mean_1m", "voltage.l1");

    private Database db;
    private ReadingWriter writer;

    @BeforeEach
    void start() throws Exception {
        db = TestDatabases.newMigratedDatabase();
        writer = new ReadingWriter(db.dataSource(), WriterConfig.DEFAULTS, IngestMetrics.inMemory(), CLOCK,
                ReadingWriter.DEFAULT_FUTURE_TOLERANCE).start();
        addMeter(db.dataSource(), "M1");
        addMeter(db.dataSource(), "M2");
        // four days (three closed, today's morning) of three channels every 7 minutes, whole seconds, and a few
        // readings with microseconds (a reception stamp): exact instants must survive
        List<Reading> all = new ArrayList<>();
        long index = 5_000_000;
        for (Instant t = TODAY.minus(Duration.ofDays(3)); t.isBefore(NOW); t = t.plusSeconds(7 * 60 + 1)) {
            index += t.getEpochSecond() % 13;
            all.add(new Reading("M1", t, "index.HP", index));
            all.add(new Reading("M1", t, "power.apparent.mean_1m", 300 + t.getEpochSecond() % 2_000));
            all.add(new Reading("M1", t.plusSeconds(2), "voltage.l1", 228 + t.getEpochSecond() % 5));
        }
        all.add(new Reading("M1", Instant.parse("2031-03-13T12:00:00.123456Z"), "voltage.l1", 231));
        all.add(new Reading("M2", Instant.parse("2031-03-14T23:59:59.999999Z"), "index.HP", 42));
        write(all);
    }

    @AfterEach
    void stop() {
        writer.close();
        db.close();
    }

    @Test
    void closedDaysFoldIntoBlocksAndEveryReaderAnswersTheSame() throws Exception {
        Map<String, Object> before = answers();
        List<String> rows = TestMeters.rows(db.dataSource(), "M1");
        assertThat(TestMeters.stored(db.dataSource(), "M1")).isEqualTo(rows);

        ReadingCompactor.Report report = new ReadingCompactor(db.dataSource(), CLOCK, Duration.ofHours(2)).apply();

        assertThat(report.days()).isEqualTo(3 * 3 + 1); // three closed days of M1's three channels, M2's one day
        assertThat(count("SELECT count(*) FROM reading WHERE instant < '" + TODAY + "'")).isZero();
        assertThat(count("SELECT count(*) FROM reading WHERE instant >= '" + TODAY + "'")).isPositive(); // today stays hot
        assertThat(count("SELECT count(*) FROM reading_block")).isEqualTo(10);
        assertThat(TestMeters.stored(db.dataSource(), "M1")).isEqualTo(rows);
        assertThat(answers()).isEqualTo(before);
        // a second pass has nothing to do
        assertThat(new ReadingCompactor(db.dataSource(), CLOCK, Duration.ofHours(2)).apply().days()).isZero();
    }

    @Test
    void lateDataAndDuplicatesForACompactedDayConverge() throws Exception {
        new ReadingCompactor(db.dataSource(), CLOCK, Duration.ofHours(2)).apply();
        List<String> compacted = TestMeters.stored(db.dataSource(), "M1");
        String stored = compacted.stream().filter(r -> r.startsWith("index.HP@2031-03-13T")).findFirst().orElseThrow();
        Instant storedAt = Instant.parse(stored.substring(stored.indexOf('@') + 1, stored.indexOf('=')));
        long storedValue = Long.parseLong(stored.substring(stored.indexOf('=') + 1));

        Instant late = Instant.parse("2031-03-13T08:00:30Z");
        clearMarks();
        write(List.of(new Reading("M1", late, "index.HP", 1),
                new Reading("M1", storedAt, "index.HP", storedValue + 999), // same key, another value: the first stays
                new Reading("M1", storedAt, "index.HP", storedValue))); // a plain redelivery
        List<String> expected = new ArrayList<>(compacted);
        expected.add("index.HP@" + late + "=1");
        expected.sort(ReadingCompactorTest::byKey);

        assertThat(TestMeters.stored(db.dataSource(), "M1")).as("readers merge the hot rows at once").isEqualTo(expected);
        // the late reading asks for a recompute; so does the duplicate (the writer's statement does not look into
        // blocks): a recompute that reads the same, harmless
        assertThat(storedAt).isBefore(late);
        assertThat(TestMeters.dirtySince(db.dataSource(), "M1")).isEqualTo(storedAt);
        ReadingCompactor.Report again = new ReadingCompactor(db.dataSource(), CLOCK, Duration.ofHours(2)).apply();
        assertThat(again.days()).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM reading WHERE instant < '" + TODAY + "'")).isZero();
        assertThat(TestMeters.stored(db.dataSource(), "M1")).isEqualTo(expected);
    }

    @Test
    void retentionRemovesFromBlocksExactlyWhatItRemovesFromRows() throws Exception {
        Instant cutoff = NOW.minus(Duration.ofDays(2)); // 2031-03-13 10:00: mid-way through a compacted day
        List<String> kept = TestMeters.rows(db.dataSource(), "M1").stream()
                .filter(r -> !Instant.parse(r.substring(r.indexOf('@') + 1, r.indexOf('='))).isBefore(cutoff)).toList();
        long removedRows = TestMeters.rows(db.dataSource(), "M1").size() - kept.size();
        new ReadingCompactor(db.dataSource(), CLOCK, Duration.ofHours(2)).apply();
        clearMarks();

        ReadingRetention.Report report = new ReadingRetention(db.dataSource(), 2, CLOCK).apply();

        assertThat(report.cutoff()).isEqualTo(cutoff);
        assertThat(report.removed()).isEqualTo(removedRows);
        assertThat(TestMeters.stored(db.dataSource(), "M1")).isEqualTo(kept);
        assertThat(count("SELECT count(*) FROM reading_block WHERE day < '2031-03-13T00:00:00Z'")).isZero();
        assertThat(count("SELECT count(*) FROM reading_block WHERE first_instant < '" + cutoff + "'")).isZero();
        try (Connection c = db.dataSource().getConnection()) {
            assertThat(Readings.rawHorizon(c, meterId("M1"))).isEqualTo(cutoff);
            assertThat(Readings.rawHorizon(c, meterId("M2"))).isNull(); // its one reading is after the cut-off
        }
    }

    @Test
    void aFoldThatFailsLeavesTheHotRowsAsTheyWere() throws Exception {
        List<String> rows = TestMeters.rows(db.dataSource(), "M1");
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            // the block's write fails after the hot rows' delete, in the same transaction: as a crash there would
            st.execute("CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                    + " IF NEW.channel = 'voltage.l1' THEN RAISE EXCEPTION 'disk full'; END IF; RETURN NEW; END $$");
            st.execute("CREATE TRIGGER refuse BEFORE INSERT ON reading_block FOR EACH ROW EXECUTE FUNCTION refuse()");
        }

        assertThatThrownBy(() -> new ReadingCompactor(db.dataSource(), CLOCK, Duration.ofHours(2)).apply())
                .isInstanceOf(SQLException.class).hasMessageContaining("disk full");

        assertThat(TestMeters.stored(db.dataSource(), "M1")).isEqualTo(rows);
        assertThat(count("SELECT count(*) FROM reading WHERE channel = 'voltage.l1' AND instant < '" + TODAY + "'")).isPositive();
        assertThat(count("SELECT count(*) FROM reading_block WHERE channel = 'voltage.l1'")).isZero();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP TRIGGER refuse ON reading_block");
        }
        new ReadingCompactor(db.dataSource(), CLOCK, Duration.ofHours(2)).apply();
        assertThat(TestMeters.stored(db.dataSource(), "M1")).isEqualTo(rows);
        assertThat(count("SELECT count(*) FROM reading WHERE instant < '" + TODAY + "'")).isZero();
    }

    @Test
    void aUtilityCorrectionOfACompactedDayReplacesTheValue() throws Exception {
        new ReadingCompactor(db.dataSource(), CLOCK, Duration.ofHours(2)).apply();
        Instant at = Instant.parse("2031-03-14T23:59:59.999999Z");
        List<Instant> changed = Jdbc.transaction(db.dataSource(), c -> CompactedDays.correct(c, meterId("M2"),
                List.of(new Reading("M2", at, "index.HP", 43), new Reading("M2", at.minusSeconds(1), "index.HP", 7))));
        assertThat(changed).containsExactly(at); // the other is no compacted reading: the writer's insert has it
        assertThat(TestMeters.stored(db.dataSource(), "M2")).containsExactly("index.HP@" + at + "=43");
        List<Instant> again = Jdbc.transaction(db.dataSource(), c -> CompactedDays.correct(c, meterId("M2"),
                List.of(new Reading("M2", at, "index.HP", 43))));
        assertThat(again).isEmpty(); // the same value again changes nothing
    }

    /** What the readers other modules use answer, for M1 (and its household). */
    private Map<String, Object> answers() throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        int m1 = meterId("M1");
        try (Connection c = db.dataSource().getConnection()) {
            out.put("latest", Readings.latest(c, m1));
            out.put("channels", Readings.channels(c, m1));
            out.put("count", Readings.countOfHousehold(c, new HouseholdId("h-M1")));
            for (String ch : CHANNELS) {
                out.put("last " + ch, Readings.last(c, m1, ch));
                out.put("lastValue " + ch, Readings.lastValue(c, m1, ch));
                for (Instant at : List.of(TODAY.minus(Duration.ofDays(4)), TODAY.minus(Duration.ofDays(3)),
                        TODAY.minus(Duration.ofDays(2)), Instant.parse("2031-03-13T12:00:00.123456Z"),
                        Instant.parse("2031-03-13T12:00:00.123457Z"), Instant.parse("2031-03-13T12:03:00Z"), TODAY,
                        TODAY.plusSeconds(1), NOW)) {
                    out.put("lastBefore " + ch + " " + at, Readings.lastBefore(c, m1, ch, at));
                }
            }
            ByteArrayOutputStream zip = new ByteArrayOutputStream();
            try (ZipOutputStream z = new ZipOutputStream(zip)) {
                IngestExport.write(c, "h-M1", z);
            }
            out.put("export", readingsCsv(zip.toByteArray()));
        }
        assertThat(out.get("latest")).isNotNull();
        return out;
    }

    private static String readingsCsv(byte[] zip) throws Exception {
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            java.util.zip.ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                if (e.getName().equals("readings.csv")) {
                    String csv = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    assertThat(csv.lines().count()).isGreaterThan(100);
                    return csv;
                }
            }
        }
        throw new AssertionError("no readings.csv");
    }

    private static int byKey(String a, String b) {
        String ca = a.substring(0, a.indexOf('@'));
        String cb = b.substring(0, b.indexOf('@'));
        int c = ca.compareTo(cb);
        if (c != 0) {
            return c;
        }
        return Instant.parse(a.substring(a.indexOf('@') + 1, a.indexOf('=')))
                .compareTo(Instant.parse(b.substring(b.indexOf('@') + 1, b.indexOf('='))));
    }

    private void write(List<Reading> readings) throws Exception {
        writer.submit(readings).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private long count(String sql) {
        return TestMeters.count(db.dataSource(), sql);
    }

    private int meterId(String code) {
        return (int) TestMeters.count(db.dataSource(), "SELECT id FROM meter WHERE code = ?", code);
    }

    private void clearMarks() throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("DELETE FROM reading_dirty");
        }
    }
}
