package org.ecofoyer.storage.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.ecofoyer.core.HouseholdId;
import org.ecofoyer.core.MeterCode;
import org.ecofoyer.core.MeterKind;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.Households;
import org.ecofoyer.storage.Meters;
import org.ecofoyer.storage.StorageConfig;
import org.ecofoyer.storage.StorageException;
import org.ecofoyer.storage.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backup and restore on a real PostgreSQL: storage's own tables and test tables holding every kind of value. */
class StoreBackupTest {
    static final String[] SCHEMA = {"classpath:db/sample", "classpath:db/backup"};
    static final String[] LATER_SCHEMA = {"classpath:db/sample", "classpath:db/backup", "classpath:db/backup-later"};
    static final Instant NOW = Instant.parse("2026-03-01T02:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;

    /** A new empty database on the test server, opened as an external store and not migrated. */
    static Database emptyStore() {
        return Database.open(new StorageConfig(TestDatabases.newEmptyDatabaseUrl(), "postgres", null, 4, null, null), null);
    }

    /** Fills every table with values that text COPY must escape or spell exactly. */
    static void populate(Database db) throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            Households.create(c, new HouseholdId("maison-1"), "Maison \"Tab\"\there");
            Meters.register(c, new Meters.Registration(new MeterCode("linky-1"), new HouseholdId("maison-1"), MeterKind.LINKY_TIC, "0212345678"));
            Meters.register(c, new Meters.Registration(new MeterCode("gaz-1"), new HouseholdId("maison-1"), MeterKind.GAZPAR, null));
            try (Statement st = c.createStatement()) {
                st.execute("INSERT INTO bk_parent (label, data, tags, amount, at, day, span, ratio, flag, doc) VALUES"
                        + " (E'line\\nbreak\\ttab \\\\ backslash', '\\x00ff0a5c'::bytea, ARRAY['a,b', NULL, 'c\"d', '{x}'],"
                        + "  123456789012.12345678, '2024-03-31 01:59:59.999999+00', '2024-02-29', '-1 day 02:03:04.5', 'NaN', true,"
                        + "  '{\"k\": [1, \"é\", null]}'),"
                        + " (NULL, NULL, NULL, NULL, 'infinity', '-infinity', NULL, 1e-308, NULL, NULL),"
                        + " ('\u00e9t\u00e9 \u26a1 \\N', '', '{}', -0.00000001, '1999-12-31 23:00:00+01', '0001-01-01 BC', '1 mon', 0.1, false, 'null')");
                st.execute("INSERT INTO bk_child (parent_id, note) SELECT id, 'child of ' || id FROM bk_parent");
                st.execute("INSERT INTO bk_child (id, parent_id, note) VALUES (100, 1, 'explicit id')");
                st.execute("INSERT INTO a_grandchild SELECT id, id * 10 FROM bk_child");
                st.execute("INSERT INTO bk_no_key VALUES ('same', '2025-01-01Z'), ('same', '2025-01-01Z'), (NULL, NULL)");
                st.execute("INSERT INTO sample_series SELECT 1, timestamptz '2026-02-01Z' + make_interval(hours => h), h / 3.0"
                        + " FROM generate_series(0, 71) h");
            }
        }
    }

    @Test
    void aRestoredStoreHasEveryTableIdenticalAndItsSequencesGoOn() throws Exception {
        Path out = dir.resolve("nightly/ecofoyer.backup");
        Map<String, List<String>> before;
        BackupManifest m;
        long nextParentThere;
        try (Database source = TestDatabases.newMigratedDatabase(SCHEMA)) {
            populate(source);
            before = TableContents.of(source.dataSource());
            m = new StoreBackup(source.dataSource(), CLOCK, "ecofoyer test").write(out);
            nextParentThere = TableContents.nextValue(source.dataSource(), "INSERT INTO bk_parent (label) VALUES ('after') RETURNING id");
        }
        // Every table holds rows, so that "identical" cannot pass on empty tables.
        assertThat(before).allSatisfy((table, rows) -> assertThat(rows).as(table).isNotEmpty());
        assertThat(m.tables()).extracting(BackupManifest.Table::name).containsExactlyInAnyOrderElementsOf(before.keySet());
        assertThat(m.table("bk_parent").orElseThrow().rows()).isEqualTo(3);
        assertThat(m.table("sample_series").orElseThrow().rows()).isEqualTo(72);
        assertThat(m.table("bk_child").orElseThrow().columns()).containsExactly("id", "parent_id", "note");
        assertThat(m.createdAt()).isEqualTo(NOW);
        assertThat(m.schemaVersion()).isEqualTo("900.10");
        assertThat(m.migrations()).extracting(BackupManifest.Migration::version).contains("1.1.0", "900.1", "900.10");
        assertThat(Files.getPosixFilePermissions(out)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.list(out.getParent())).containsExactly(out);
        assertThat(StoreRestore.manifest(out)).isEqualTo(m);

        try (Database target = emptyStore()) {
            StoreRestore.Report r = new StoreRestore(target, SCHEMA).restore(out);
            assertThat(r.rows()).isEqualTo(m.totalRows());
            assertThat(r.schemaVersion()).isEqualTo("900.10");
            assertThat(TableContents.of(target.dataSource())).isEqualTo(before);
            // The sequences go on where the source's did: the next id is the one the source gave next.
            assertThat(TableContents.nextValue(target.dataSource(), "INSERT INTO bk_parent (label) VALUES ('after') RETURNING id"))
                    .isEqualTo(nextParentThere);
            try (Connection c = target.dataSource().getConnection()) {
                var meter = Meters.register(c, new Meters.Registration(new MeterCode("eau-1"), new HouseholdId("maison-1"), MeterKind.TELEO, null));
                assertThat(meter.id()).isEqualTo(3);
            }
            assertThat(TableContents.nextValue(target.dataSource(), "INSERT INTO bk_child (parent_id) VALUES (1) RETURNING id"))
                    .isEqualTo(4);
            // A restored store migrates like any other.
            assertThat(target.migrate(SCHEMA).applied()).isZero();
        }
    }

    /** A backup of a new store of {@link #SCHEMA}, {@link #populate populated}. */
    Path backupOfAPopulatedStore(String name) throws Exception {
        Path out = dir.resolve(name);
        try (Database source = TestDatabases.newMigratedDatabase(SCHEMA)) {
            populate(source);
            new StoreBackup(source.dataSource(), CLOCK, "t").write(out);
        }
        return out;
    }

    @Test
    void aStoreThatHoldsAnythingIsRefusedAndLeftAsItWas() throws Exception {
        Path out = backupOfAPopulatedStore("b.zip");
        try (Database target = TestDatabases.newMigratedDatabase(SCHEMA)) {
            try (Connection c = target.dataSource().getConnection()) {
                Households.create(c, new HouseholdId("autre"), "someone else");
            }
            Map<String, List<String>> before = TableContents.of(target.dataSource());
            assertThatThrownBy(() -> new StoreRestore(target, SCHEMA).restore(out))
                    .isInstanceOf(StorageException.class).hasMessageContaining("is not empty")
                    .hasMessageContaining("a_grandchild, bk_child").hasMessageContaining("never merges");
            assertThat(TableContents.of(target.dataSource())).isEqualTo(before);
        }
        // A lone table of anyone's is enough to refuse.
        try (Database target = emptyStore()) {
            try (Connection c = target.dataSource().getConnection(); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE notes (t text)");
            }
            assertThatThrownBy(() -> new StoreRestore(target, SCHEMA).restore(out)).hasMessageContaining("notes");
        }
    }

    @Test
    void aBackupTakenWhileWritesGoOnIsOneInstantOfTheStore() throws Exception {
        Path out = dir.resolve("busy.zip");
        try (Database source = TestDatabases.newMigratedDatabase(SCHEMA)) {
            AtomicLong commits = new AtomicLong();
            AtomicBoolean stop = new AtomicBoolean();
            // Each transaction adds a row and counts it: a store where the count differs from the rows is torn.
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try (Connection c = source.dataSource().getConnection()) {
                    c.setAutoCommit(false);
                    while (!stop.get()) {
                        try (Statement st = c.createStatement()) {
                            st.execute("INSERT INTO bk_no_key VALUES ('w', clock_timestamp())");
                            st.execute("UPDATE bk_tally SET total = total + 1");
                        }
                        c.commit();
                        commits.incrementAndGet();
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            try {
                awaitCommits(commits, 20);
                AtomicLong atFirstTable = new AtomicLong(-1);
                // bk_no_key is copied before bk_tally: between them, the writer commits more.
                StoreBackup backup = new StoreBackup(source.dataSource(), CLOCK, "t", table -> {
                    if (table.equals("bk_no_key")) {
                        atFirstTable.set(commits.get());
                        awaitCommits(commits, commits.get() + 20);
                    }
                });
                backup.write(out);
                assertThat(atFirstTable.get()).isPositive();
            } finally {
                stop.set(true);
                writer.get(30, TimeUnit.SECONDS);
            }
            assertThat(commits.get()).isGreaterThan(40);
        }
        try (Database target = emptyStore()) {
            new StoreRestore(target, SCHEMA).restore(out);
            long rows = TableContents.nextValue(target.dataSource(), "SELECT count(*) FROM bk_no_key");
            long total = TableContents.nextValue(target.dataSource(), "SELECT total FROM bk_tally");
            assertThat(rows).isGreaterThanOrEqualTo(20).isEqualTo(total);
        }
    }

    private static void awaitCommits(AtomicLong commits, long atLeast) {
        CompletableFuture<Void> reached = CompletableFuture.runAsync(() -> {
            while (commits.get() < atLeast) {
                Thread.onSpinWait();
            }
        });
        try {
            reached.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the writer did not reach " + atLeast + " commits", e);
        }
    }

    @Test
    void aBackupOfAnOlderSchemaRestoresIntoTheNewerOneAndANewerOneIsRefused() throws Exception {
        Path old = backupOfAPopulatedStore("old.zip");
        try (Database target = emptyStore()) {
            StoreRestore.Report r = new StoreRestore(target, LATER_SCHEMA).restore(old);
            assertThat(r.manifest().schemaVersion()).isEqualTo("900.10");
            assertThat(r.appliedAfter()).isEqualTo(2);
            assertThat(r.schemaVersion()).isEqualTo("900.11");
            // The later migrations ran over the restored rows, not before them: the one above the backup's newest
            // version, and the one below it (900.5 < 900.10) that the backup's store had not had.
            assertThat(TableContents.nextValue(target.dataSource(), "SELECT count(*) FROM bk_parent WHERE later = 'added later'"))
                    .isEqualTo(3);
            assertThat(TableContents.nextValue(target.dataSource(), "SELECT count(*) FROM sample_series WHERE quality = 'backfilled'"))
                    .isEqualTo(72);
            assertThat(TableContents.nextValue(target.dataSource(), "SELECT id FROM bk_later")).isEqualTo(11);
        }
        Path newer = dir.resolve("newer.zip");
        try (Database source = TestDatabases.newMigratedDatabase(LATER_SCHEMA)) {
            new StoreBackup(source.dataSource(), CLOCK, "ecofoyer 9.9").write(newer);
        }
        try (Database target = emptyStore()) {
            assertThatThrownBy(() -> new StoreRestore(target, SCHEMA).restore(newer))
                    .hasMessageContaining("newer release (ecofoyer 9.9)").hasMessageContaining("[900.5, 900.11]");
            try (Connection c = target.dataSource().getConnection()) {
                assertThat(StoreCatalog.anyRelation(c)).isEmpty();
            }
        }
    }

    @Test
    void aDamagedBackupIsRefusedAndNothingIsCommitted() throws Exception {
        Path good = backupOfAPopulatedStore("good.zip");
        // One byte of one row changed (a digit of sample_series' values), the manifest kept.
        Path bad = dir.resolve("bad.zip");
        try (ZipFile in = new ZipFile(good.toFile()); ZipOutputStream zout = new ZipOutputStream(Files.newOutputStream(bad))) {
            for (ZipEntry e : java.util.Collections.list(in.entries())) {
                byte[] bytes;
                try (InputStream s = in.getInputStream(e)) {
                    bytes = s.readAllBytes();
                }
                if (e.getName().equals("tables/sample_series.copy")) {
                    String text = new String(bytes, StandardCharsets.UTF_8);
                    bytes = text.replaceFirst("\t1\n", "\t2\n").getBytes(StandardCharsets.UTF_8);
                    assertThat(bytes).isNotEqualTo(text.getBytes(StandardCharsets.UTF_8));
                }
                zout.putNextEntry(new ZipEntry(e.getName()));
                zout.write(bytes);
                zout.closeEntry();
            }
        }
        try (Database target = emptyStore()) {
            assertThatThrownBy(() -> new StoreRestore(target, SCHEMA).restore(bad))
                    .hasMessageContaining("damaged").hasMessageContaining("sample_series");
            try (Connection c = target.dataSource().getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM household) + (SELECT count(*) FROM bk_parent)")) {
                rs.next();
                assertThat(rs.getLong(1)).isZero();
            }
        }
    }

    @Test
    void aFailedBackupLeavesNoFileAndKeepsThePreviousOne() throws Exception {
        Path out = dir.resolve("keep.zip");
        Files.writeString(out, "yesterday's backup");
        try (Database source = TestDatabases.newMigratedDatabase(SCHEMA)) {
            populate(source);
            StoreBackup failing = new StoreBackup(source.dataSource(), CLOCK, "t", table -> {
                if (table.equals("bk_parent")) {
                    throw new IllegalStateException("disk full, say");
                }
            });
            assertThatThrownBy(() -> failing.write(out)).hasMessageContaining("disk full");
        }
        assertThat(Files.readString(out)).isEqualTo("yesterday's backup");
        assertThat(Files.list(dir)).containsExactly(out);
    }

    @Test
    void theEmbeddedStoreIsBackedUpWhileItsServerRuns() throws Exception {
        Path data = dir.resolve("data");
        Path out = dir.resolve("embedded.zip");
        Map<String, List<String>> before;
        try (Database server = Database.open(StorageConfig.DEFAULTS, data)) {
            server.migrate(SCHEMA);
            populate(server);
            before = TableContents.of(server.dataSource());
            // The data directory is the server's: a second open is refused, a backup reaches the running server.
            assertThatThrownBy(() -> Database.open(StorageConfig.DEFAULTS, data)).hasMessageContaining("already in use");
            try (Database beside = Database.openBesideServer(StorageConfig.DEFAULTS, data)) {
                assertThat(beside.isEmbedded()).isFalse();
                new StoreBackup(beside.dataSource(), CLOCK, "t").write(out);
            }
            assertThat(server.isReachable()).isTrue();
        }
        // A data directory without a store is not made one by a backup.
        assertThatThrownBy(() -> Database.openBesideServer(StorageConfig.DEFAULTS, dir.resolve("typo")))
                .hasMessageContaining("no embedded store");
        assertThat(dir.resolve("typo")).doesNotExist();
        // Restored into a fresh data directory, as `ecofoyer restore` does for the embedded default.
        try (Database fresh = Database.open(StorageConfig.DEFAULTS, dir.resolve("fresh"))) {
            new StoreRestore(fresh, SCHEMA).restore(out);
            assertThat(TableContents.of(fresh.dataSource())).isEqualTo(before);
        }
    }
}
