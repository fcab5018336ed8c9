package org.ecofoyer.app.cli;

import java.nio.file.Path;
import java.sql.SQLException;
import org.ecofoyer.aggregation.store.Recompute;
import org.ecofoyer.app.config.EcofoyerConfig;
import org.ecofoyer.storage.Database;

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
     * Recomputes the dirty meters now, until none is left, as a command's one recompute (its pool ends with it), by the
     * command's clock (no rollup beyond its now plus {@code aggregation.future-tolerance}).
     */
    static Recompute.Stats recomputeDirty(Database db, EcofoyerConfig cfg, java.time.Clock clock) throws SQLException {
        try (Recompute recompute = new Recompute(db.longOperations(), cfg.aggregation(), clock)) {
            return recompute.drain();
        }
    }
}
