package org.ecofoyer.app.cli;

import java.util.concurrent.Callable;
import org.ecofoyer.app.config.EcofoyerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code ecofoyer demo}: the whole product on a laptop, on the embedded database, with a live demo household. */
@Command(name = "demo", description = "Run Ecofoyer on the embedded database with a live demo household.")
public class DemoCommand implements Callable<Integer> {
    @ParentCommand
    EcofoyerCommand parent;

    @Option(names = "--port", description = "HTTP port (default: 8080).")
    Integer port;

    @Override
    public Integer call() throws Exception {
        EcofoyerConfig cfg = parent.config();
        if (port != null) {
            cfg = cfg.withHttp(cfg.http().withPort(port));
        }
        return ServeCommand.runUntilStopped(cfg, "Ecofoyer demo");
    }
}
