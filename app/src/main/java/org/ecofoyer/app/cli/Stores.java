package org.ecofoyer.app.cli;

import java.nio.file.Path;
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
}
