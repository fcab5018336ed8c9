package org.ecofoyer.app.cli;

import java.nio.file.Path;
import java.sql.SQLException;
import org.ecofoyer.aggregation.store.Recompute;
import org.ecofoyer.app.config.EcofoyerConfig;
import org.ecofoyer.gateway.DynamicSecurity;
import org.ecofoyer.gateway.Onboarding;
import org.ecofoyer.ingest.IngestMetrics;
import org.ecofoyer.ingest.writer.ReadingWriter;
import org.ecofoyer.ingest.writer.WriterConfig;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.Jdbc;

/** The configured store, opened and migrated, for commands that work on it and exit (so a fresh install works). */
final class Stores {
    private Stores() {
    }

    static Database openMigrated(EcofoyerConfig cfg) {
        Database db = Database.open(cfg.storage(), Path.of(cfg.dataDir()));
        try {
            db.migrate();
            return db;
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /**
     * As {@link #openMigrated}, reaching the embedded database of a running server if there is one. A data directory
     * without an embedded store yet gets one, as with {@link #openMigrated}: a fresh install's first command works.
     */
    static Database openBesideServerMigrated(EcofoyerConfig cfg) {
        if (cfg.storage().embedded() && !java.nio.file.Files.isDirectory(Path.of(cfg.dataDir()).resolve("pg"))) {
            return openMigrated(cfg);
        }
        Database db = Database.openBesideServer(cfg.storage(), Path.of(cfg.dataDir()));
        try {
            db.migrate();
            return db;
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /**
     * Runs {@code work} in one transaction on the configured store (migrated first): all of it or none, so that a
     * command refused half-way ({@link Refused}) leaves nothing half-created. Beside a running server too: on the
     * embedded database it reaches the server's PostgreSQL ({@link Database#openBesideServer}), so an installer need
     * not stop the server to onboard a home.
     */
    static <T> T inTransaction(EcofoyerConfig cfg, Jdbc.Work<T> work) throws SQLException {
        try (Database d = openBesideServerMigrated(cfg)) {
            return Jdbc.transaction(d.dataSource(), work);
        }
    }

    /**
     * The onboarding rules ({@link Onboarding}) with this configuration's broker: provisioned at once through Mosquitto's
     * dynamic security plugin when {@code ingest.dynamic-security} names its administrator, else through the exported files.
     */
    static Onboarding onboarding(EcofoyerConfig cfg) {
        return new Onboarding(DynamicSecurity.of(cfg.ingest().dynamicSecurity(), cfg.ingest().mqtt().url()));
    }

    /**
     * Recomputes the dirty meters now, until none is left, as a command's one recompute (its pool ends with it), by the
     * command's clock (no rollup beyond its now plus {@code aggregation.future-tolerance}).
     */
    static Recompute.Stats recomputeDirty(Database db, EcofoyerConfig cfg, java.time.Clock clock) throws SQLException {
        try (Recompute recompute = new Recompute(db.longOperations(), cfg.aggregation(), clock)) {
            return recompute.drain();
        }
    }

    /**
     * A command's writer, started: it judges future instants by the command's clock and the configured
     * {@code ingest.instants.future-tolerance}, as the server's writer does. Close it when done.
     */
    static ReadingWriter writer(Database db, EcofoyerConfig cfg, java.time.Clock clock) {
        return new ReadingWriter(db.dataSource(), WriterConfig.DEFAULTS, IngestMetrics.inMemory(), clock,
                cfg.ingest().instants().futureTolerance()).start();
    }
}
