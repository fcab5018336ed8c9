package org.ecofoyer.app.cli;

import java.util.concurrent.Callable;
import org.ecofoyer.app.config.EcofoyerConfig;
import org.ecofoyer.tools.load.IngestBench;
import org.ecofoyer.storage.Database;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code ecofoyer bench ...}: measurements against the configured store (see docs/benchmarks.md). */
@Command(name = "bench", description = "Benchmarks against the configured store.", subcommands = BenchCommand.Ingest.class)
public class BenchCommand implements Runnable {
    @ParentCommand
    EcofoyerCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing benchmark: try 'ecofoyer bench ingest --mqtt tcp://127.0.0.1:1883'");
    }

    @Command(name = "ingest", description = {"The raw COPY ceiling and the whole pipeline (MQTT -> decode -> write) on the same",
            "rows and database, and their ratio."})
    static class Ingest implements Callable<Integer> {
        @ParentCommand
        BenchCommand bench;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--mqtt", defaultValue = "tcp://127.0.0.1:1883", paramLabel = "URL", description = "Broker (default ${DEFAULT-VALUE}).")
        String mqtt;

        @Option(names = "--username", description = "Broker user.")
        String username;

        @Option(names = "--password", description = "Its password.")
        String password;

        @Option(names = "--meters", defaultValue = "1000", description = "Simulated meters (default ${DEFAULT-VALUE}).")
        int meters;

        @Option(names = "--frames", defaultValue = "40", description = "Frames per meter (default ${DEFAULT-VALUE}).")
        int frames;

        @Override
        public Integer call() throws Exception {
            if (meters < 1 || frames < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--meters and --frames: at least 1");
            }
            EcofoyerConfig cfg = bench.parent.config();
            try (Database db = Stores.openMigrated(cfg)) {
                new IngestBench(new IngestBench.Options(mqtt, username, password, meters, frames), db.dataSource(),
                        cfg.ingest().writer(), spec.commandLine().getOut()).run();
            }
            return 0;
        }
    }
}
