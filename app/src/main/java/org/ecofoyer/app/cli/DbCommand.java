package org.ecofoyer.app.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ecofoyer.app.config.EcofoyerConfig;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.Migrations;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code ecofoyer db ...}: database administration. */
@Command(name = "db", description = "Database administration.", subcommands = DbCommand.Migrate.class)
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
}
