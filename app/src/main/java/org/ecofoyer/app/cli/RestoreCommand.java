package org.ecofoyer.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ecofoyer.app.config.EcofoyerConfig;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.backup.StoreRestore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ecofoyer restore FILE}: fills an empty data directory (embedded) or an empty database (storage.url) from a
 * backup, checks every table against the backup's manifest, and migrates it to this release's schema.
 */
@Command(name = "restore", description = {"Fill an empty data directory or an empty database from a backup, then migrate it.",
        "A store that holds anything is refused: a restore never merges. Stop the server first."})
public class RestoreCommand implements Callable<Integer> {
    @ParentCommand
    EcofoyerCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "A file written by 'ecofoyer backup'.")
    Path file;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(file)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "FILE: no such backup file: " + file);
        }
        EcofoyerConfig cfg = parent.config();
        StoreRestore.Report r;
        try (Database db = Database.open(cfg.storage(), Path.of(cfg.dataDir()))) {
            r = new StoreRestore(db).restore(file);
        }
        var o = spec.commandLine().getOut();
        o.printf("restored %d tables (%d rows) from %s, taken %s at schema version %s; every table checked against its"
                        + " manifest; now at schema version %s%n", r.manifest().tables().size(), r.rows(), file,
                r.manifest().createdAt(), r.manifest().schemaVersion(), r.schemaVersion());
        o.println(r.describe());
        return 0;
    }
}
