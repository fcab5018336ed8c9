package org.ecofoyer.storage.backup;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.Migrations;
import org.ecofoyer.storage.StorageException;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills an empty store from a {@link StoreBackup}: migrates it with exactly the migrations the backup's store had
 * applied (not every migration up to its newest: see {@code Database.migrateExactly}), empties what
 * those migrations seeded, copies every table in foreign-key order, sets the sequences, and checks every table's row
 * count and checksum against the manifest, all in one transaction; then migrates to this release's schema (so a backup
 * of an older release comes into a newer one). A store that holds anything is refused: a restore never merges.
 */
public final class StoreRestore {
    private static final Logger LOG = LoggerFactory.getLogger(StoreRestore.class);

    /**
     * What a restore did.
     *
     * @param manifest        the backup's manifest
     * @param rows            rows restored, all tables
     * @param appliedAfter    migrations applied after the data, to reach this release's schema
     * @param schemaVersion   the store's schema version at the end
     */
    public record Report(BackupManifest manifest, long rows, int appliedAfter, String schemaVersion) {
        /** One line for an operator. */
        public String describe() {
            return String.format("tables=%d rows=%d backup-schema=%s migrated-after=%d schema=%s backup-created-at=%s",
                    manifest.tables().size(), rows, manifest.schemaVersion(), appliedAfter, schemaVersion, manifest.createdAt());
        }
    }

    private final Database database;
    private final String[] extraLocations;

    public StoreRestore(Database database, String... extraLocations) {
        this.database = database;
        this.extraLocations = extraLocations;
    }

    /** Reads a backup's manifest without restoring anything. */
    public static BackupManifest manifest(Path file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            return manifest(zip, file);
        }
    }

    private static BackupManifest manifest(ZipFile zip, Path file) throws IOException {
        ZipEntry e = zip.getEntry(BackupManifest.ENTRY);
        if (e == null) {
            throw new StorageException(file + " is not an Ecofoyer backup: it has no " + BackupManifest.ENTRY);
        }
        try (InputStream in = zip.getInputStream(e)) {
            return BackupManifest.fromJson(new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException | ClassCastException | NullPointerException | io.vertx.core.json.DecodeException ex) {
            throw new StorageException(file + ": " + ex.getMessage(), ex);
        }
    }

    public Report restore(Path file) throws IOException, SQLException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            BackupManifest manifest = manifest(zip, file);
            refuseUnlessEmpty();
            refuseUnknownMigrations(manifest);
            database.migrateExactly(manifest.migrations().stream().map(BackupManifest.Migration::version)
                    .collect(Collectors.toSet()), extraLocations);
            try (Connection c = database.longOperations().getConnection()) {
                c.setAutoCommit(false);
                try {
                    fill(c, zip, manifest, file);
                    c.commit();
                } catch (SQLException | IOException | RuntimeException e) {
                    c.rollback();
                    throw new StorageException("restore of " + file + " failed: " + e.getMessage() + ". The store now holds"
                            + " the empty schema of version " + manifest.schemaVersion() + ": drop and create the database again"
                            + " (or empty the data directory) before another try", e);
                }
            }
            Migrations.Result after = database.migrate(extraLocations);
            String version;
            try (Connection c = database.longOperations().getConnection()) {
                version = StoreCatalog.schemaVersion(StoreCatalog.appliedMigrations(c));
            }
            Report report = new Report(manifest, manifest.totalRows(), after.applied(), version);
            LOG.info("restored {}: {}", file, report.describe());
            return report;
        }
    }

    private void refuseUnlessEmpty() throws SQLException {
        try (Connection c = database.longOperations().getConnection()) {
            List<String> found = StoreCatalog.anyRelation(c);
            if (!found.isEmpty()) {
                throw new StorageException(database.describe() + " is not empty (it has "
                        + String.join(", ", found.subList(0, Math.min(5, found.size()))) + (found.size() > 5 ? ", ..." : "")
                        + "): a restore fills an empty database or data directory only, it never merges. Point --data-dir at"
                        + " an empty directory, or storage.url at a new database (CREATE DATABASE ...)");
            }
        }
    }

    private void refuseUnknownMigrations(BackupManifest manifest) {
        Set<String> known = new HashSet<>(database.availableMigrations(extraLocations));
        List<String> unknown = manifest.migrations().stream().map(BackupManifest.Migration::version)
                .filter(v -> !known.contains(v)).toList();
        if (!unknown.isEmpty()) {
            throw new StorageException("the backup comes from a newer release (" + manifest.producer() + "): this one does"
                    + " not know its migration(s) " + unknown + ". Restore it with that release or a later one");
        }
    }

    private void fill(Connection c, ZipFile zip, BackupManifest manifest, Path file) throws SQLException, IOException {
        try (Statement st = c.createStatement()) {
            for (String s : BackupSql.COPY_SETTINGS) {
                st.execute(s);
            }
        }
        Set<String> here = new LinkedHashSet<>(StoreCatalog.tables(c));
        here.remove(BackupSql.FLYWAY_HISTORY);
        Set<String> backedUp = manifest.tables().stream().map(BackupManifest.Table::name)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        List<String> missing = backedUp.stream().filter(t -> !here.contains(t)).toList();
        if (!missing.isEmpty()) {
            throw new StorageException("the backup has table(s) " + missing + " that schema version " + manifest.schemaVersion()
                    + " does not have here");
        }
        List<String> extra = here.stream().filter(t -> !backedUp.contains(t)).toList();
        if (!extra.isEmpty()) {
            // The very migrations of the backup's store made these tables: a backup without them lost them.
            throw new StorageException("the backup lacks table(s) " + extra + " that its own migrations create: it is"
                    + " incomplete, refusing it");
        }
        List<String> order = RestoreOrder.sort(backedUp, StoreCatalog.foreignKeys(c));
        try (Statement st = c.createStatement()) {
            // Only what the migrations seeded (prices, the time-series registry) is there: the backup's rows replace it.
            st.execute(BackupSql.truncate(StoreCatalog.quoteAll(order)));
        }
        var copy = c.unwrap(PGConnection.class).getCopyAPI();
        for (String name : order) {
            BackupManifest.Table t = manifest.table(name).orElseThrow();
            List<String> columns = StoreCatalog.columns(c, name);
            if (!columns.containsAll(t.columns())) {
                throw new StorageException("table " + name + " has no column(s) " + t.columns().stream()
                        .filter(col -> !columns.contains(col)).toList() + " at schema version " + manifest.schemaVersion());
            }
            ZipEntry e = zip.getEntry(t.entry());
            if (e == null) {
                throw new StorageException(file + " is damaged: it has no entry " + t.entry() + " for table " + name);
            }
            LineChecksum read = new LineChecksum();
            try (InputStream in = read.reading(zip.getInputStream(e))) {
                copy.copyIn(BackupSql.copyIn(StoreCatalog.quote(name), StoreCatalog.quoteAll(t.columns())), in);
            }
            if (read.rows() != t.rows() || !read.value().equals(t.checksum())) {
                throw new StorageException(file + " is damaged: table " + name + " has " + read.rows() + " rows (checksum "
                        + read.value() + "), its manifest says " + t.rows() + " (" + t.checksum() + ")");
            }
        }
        Set<String> sequencesHere = new HashSet<>(StoreCatalog.sequences(c).stream().map(BackupManifest.Sequence::name).toList());
        try (PreparedStatement ps = c.prepareStatement(BackupSql.SET_SEQUENCE)) {
            for (BackupManifest.Sequence s : manifest.sequences()) {
                if (sequencesHere.contains(s.name())) {
                    ps.setString(1, s.name());
                    ps.setLong(2, s.lastValue());
                    ps.setBoolean(3, s.isCalled());
                    ps.execute();
                }
            }
        }
        verify(c, manifest, order);
    }

    /** Reads every restored table back as the backup read it: the same rows, or nothing is committed. */
    private static void verify(Connection c, BackupManifest manifest, List<String> order) throws SQLException, IOException {
        var copy = c.unwrap(PGConnection.class).getCopyAPI();
        List<String> differ = new ArrayList<>();
        for (String name : order) {
            BackupManifest.Table t = manifest.table(name).orElseThrow();
            LineChecksum back = new LineChecksum();
            copy.copyOut(BackupSql.copyOut(StoreCatalog.quote(name), StoreCatalog.quoteAll(t.columns())), back.sink());
            if (back.rows() != t.rows() || !back.value().equals(t.checksum())) {
                differ.add(name + " (" + back.rows() + " rows, backup " + t.rows() + ")");
            }
        }
        if (!differ.isEmpty()) {
            throw new StorageException("the restored tables do not read back as backed up: " + differ);
        }
    }
}
