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

    /** Recomputes the dirty meters now, until none is left, as a command's one recompute (its pool ends with it). */
    static Recompute.Stats recomputeDirty(Database db, EcofoyerConfig cfg) throws SQLException {
        try (Recompute recompute = new Recompute(db.longOperations(), cfg.aggregation())) {
            return recompute.drain();
        }
    }
}
