package org.ecofoyer.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ecofoyer.app.Version;
import org.ecofoyer.app.config.EcofoyerConfig;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.backup.BackupManifest;
import org.ecofoyer.storage.backup.StoreBackup;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ecofoyer backup --out FILE}: an online backup of the whole store (storage's {@link StoreBackup}), while the
 * server may run: an external database is read beside it, an embedded one through the running server's port.
 */
@Command(name = "backup", description = {"Back up the whole store, consistently, while the server may be running.",
        "The file holds households' data and password hashes: it is written readable by its owner only; keep it so."})
public class BackupCommand implements Callable<Integer> {
    @ParentCommand
    EcofoyerCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "FILE",
            description = "Where to write the backup (a zip). Written under a temporary name, then renamed: the name never holds half a backup.")
    Path out;

    @Override
    public Integer call() throws Exception {
        EcofoyerConfig cfg = parent.config();
        BackupManifest m;
        try (Database db = Database.openBesideServer(cfg.storage(), Path.of(cfg.dataDir()))) {
            m = new StoreBackup(db.longOperations(), parent.clock(), "ecofoyer " + Version.get()).write(out);
        }
        var o = spec.commandLine().getOut();
        o.printf("backup of %d tables (%d rows) at schema version %s written to %s (owner-only permissions)%n",
                m.tables().size(), m.totalRows(), m.schemaVersion(), out.toAbsolutePath());
        o.printf("file=%s bytes=%d tables=%d rows=%d schema=%s timescale=%s created-at=%s%n", out.toAbsolutePath(),
                Files.size(out), m.tables().size(), m.totalRows(), m.schemaVersion(),
                m.timescaleVersion() == null ? "no" : m.timescaleVersion(), m.createdAt());
        return 0;
    }
}
