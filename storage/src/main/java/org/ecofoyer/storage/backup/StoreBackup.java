package org.ecofoyer.storage.backup;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.sql.DataSource;
import org.ecofoyer.storage.StorageException;
import org.ecofoyer.storage.TimeSeriesTables;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An online backup of the whole store into one zip: every table of the schema, read in one snapshot (so rows written
 * together are in it together, whatever writes go on meanwhile), as PostgreSQL text COPY, with a {@link BackupManifest}.
 * It needs nothing but a connection: the embedded server ships no {@code pg_dump}, and a client of another major version
 * than an external server refuses to dump it (docs/operations.md).
 *
 * <p>The file holds households' data and password hashes: it is created readable by its owner only, written under a
 * temporary name in the same directory, forced to disk, then renamed, so that the final name never holds half a backup.
 */
public final class StoreBackup {
    private static final Logger LOG = LoggerFactory.getLogger(StoreBackup.class);

    private final DataSource dataSource;
    private final Clock clock;
    private final String producer;
    private final Consumer<String> afterEachTable;

    public StoreBackup(DataSource dataSource, Clock clock, String producer) {
        this(dataSource, clock, producer, table -> { });
    }

    /** With a hook called after each table is copied, inside the snapshot: tests let writes happen there. */
    StoreBackup(DataSource dataSource, Clock clock, String producer, Consumer<String> afterEachTable) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.producer = producer;
        this.afterEachTable = afterEachTable;
    }

    /** Writes the backup to {@code out} (replacing a previous file of that name only once this one is complete). */
    public BackupManifest write(Path out) throws IOException, SQLException {
        Path target = out.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path partial = ownerOnlyTempFile(target);
        try {
            BackupManifest manifest;
            try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16));
                manifest = writeTo(zip);
                zip.finish();
                zip.flush();
                channel.force(true);
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(target.getParent());
            LOG.info("backup written to {}: {} tables, {} rows, schema version {}", target, manifest.tables().size(),
                    manifest.totalRows(), manifest.schemaVersion());
            return manifest;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static Path ownerOnlyTempFile(Path target) throws IOException {
        String prefix = "." + target.getFileName() + ".";
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return Files.createTempFile(target.getParent(), prefix, ".partial",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Path p = Files.createTempFile(target.getParent(), prefix, ".partial");
        p.toFile().setReadable(false, false);
        p.toFile().setReadable(true, true);
        return p;
    }

    /** The rename is durable once the directory is synced; where a directory cannot be opened, the OS's word is all. */
    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            LOG.debug("cannot sync directory {}: {}", dir, e.getMessage());
        }
    }

    private BackupManifest writeTo(ZipOutputStream zip) throws SQLException, IOException {
        List<String> before;
        try (Connection c = dataSource.getConnection()) {
            before = StoreCatalog.tables(c);
        }
        if (!before.contains(BackupSql.FLYWAY_HISTORY)) {
            throw new StorageException("the database has no migration history (" + BackupSql.FLYWAY_HISTORY
                    + "): it is not an Ecofoyer store, or it was never migrated");
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try {
                BackupManifest m = snapshot(c, before, zip);
                c.commit();
                return m;
            } finally {
                if (!c.getAutoCommit()) {
                    c.rollback();
                }
            }
        }
    }

    private BackupManifest snapshot(Connection c, List<String> before, ZipOutputStream zip) throws SQLException, IOException {
        try (var st = c.createStatement()) {
            // Locks first: the snapshot is taken by the first query after them.
            st.execute(BackupSql.lockShared(String.join(", ", before.stream().map(StoreCatalog::quote).toList())));
            for (String s : BackupSql.COPY_SETTINGS) {
                st.execute(s);
            }
        }
        List<String> tables = StoreCatalog.tables(c);
        if (!tables.equals(before)) {
            throw new StorageException("the store's tables changed while the backup started (a migration running?): "
                    + before + " then " + tables + "; run the backup again");
        }
        List<BackupManifest.Migration> migrations = StoreCatalog.appliedMigrations(c);
        String timescale = StoreCatalog.timescaleVersion(c);
        List<BackupManifest.Table> copied = new ArrayList<>();
        for (String table : tables) {
            if (table.equals(BackupSql.FLYWAY_HISTORY)) {
                continue;
            }
            List<String> columns = StoreCatalog.columns(c, table);
            String entry = "tables/" + table + ".copy";
            zip.putNextEntry(new ZipEntry(entry));
            LineChecksum sum = new LineChecksum();
            c.unwrap(PGConnection.class).getCopyAPI().copyOut(
                    BackupSql.copyOut(StoreCatalog.quote(table), StoreCatalog.quoteAll(columns)), sum.passingTo(zip));
            zip.closeEntry();
            boolean hypertable = timescale != null && TimeSeriesTables.isHypertable(c, table);
            copied.add(new BackupManifest.Table(table, entry, columns, sum.rows(), sum.value(), hypertable));
            afterEachTable.accept(table);
        }
        // Read after the rows: a sequence is not transactional, so its value now is at least any id in the snapshot.
        List<BackupManifest.Sequence> sequences = StoreCatalog.sequences(c);
        BackupManifest manifest = new BackupManifest(BackupManifest.FORMAT_VERSION, clock.instant(), producer,
                StoreCatalog.schemaVersion(migrations), migrations, StoreCatalog.serverVersion(c), timescale, copied, sequences);
        zip.putNextEntry(new ZipEntry(BackupManifest.ENTRY));
        zip.write(manifest.toJson().encodePrettily().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
        return manifest;
    }
}
