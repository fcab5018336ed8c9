package org.ecofoyer.app.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ecofoyer.aggregation.store.Recompute;
import org.ecofoyer.app.config.EcofoyerConfig;
import org.ecofoyer.ingest.writer.ReadingRetention;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.Migrations;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code ecofoyer db ...}: database administration. */
@Command(name = "db", description = "Database administration.", subcommands = {DbCommand.Migrate.class,
        DbCommand.Retention.class})
public class DbCommand implements Runnable {
    @ParentCommand
    EcofoyerCommand parent;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing command: try 'ecofoyer db migrate'");
    }

    @Command(name = "migrate", description = "Apply every pending migration, then exit.")
    static class Migrate implements Callable<Integer> {
        @ParentCommand
        DbCommand db;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            EcofoyerConfig cfg = db.parent.config();
            try (Database d = Database.open(cfg.storage(), Path.of(cfg.dataDir()))) {
                Migrations.Result r = d.migrate();
                spec.commandLine().getOut().printf("database at schema version %s: %d migration(s) applied; TimescaleDB %s%s%n",
                        r.schemaVersion(), r.applied(), r.timescale().present() ? "yes" : "no",
                        r.hypertables().isEmpty() ? "" : ", hypertables " + String.join(", ", r.hypertables()));
            }
            return 0;
        }
    }

    /**
     * Applies the raw-data retention now, as the server does every 6 hours. The dirty meters are recomputed first, as
     * the running server would have done: the retention never removes raw readings a pending recompute still needs, so
     * without it a pending mark would hold the cut-off back.
     */
    @Command(name = "retention", description = {"Apply the raw-data retention now (storage.retention-days; the server does"
            + " it every 6 hours) and print what it removed.", "Rollups are kept: they are the permanent record."})
    static class Retention implements Callable<Integer> {
        @ParentCommand
        DbCommand db;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            EcofoyerConfig cfg = db.parent.config();
            int days = cfg.storage().retentionDays();
            try (Database d = Stores.openMigrated(cfg)) {
                Recompute.Stats recomputed = Stores.recomputeDirty(d, cfg, db.parent.clock());
                ReadingRetention.Report r;
                try (ReadingRetention retention = new ReadingRetention(d.dataSource(), days, db.parent.clock())) {
                    r = retention.apply();
                }
                var out = spec.commandLine().getOut();
                out.printf("retention of %d days: removed %d %s of raw readings before %s; raw horizon moved for %d meter(s)%s%n",
                        days, r.removed(), r.unit(), r.cutoff(), r.metersWithNewHorizon(),
                        r.heldByRecompute() ? " (held back by a pending recompute)" : "");
                out.println("retention-days=" + days + " recomputed-meters=" + recomputed.meters() + " " + r.describe());
            }
            return 0;
        }
    }
}
