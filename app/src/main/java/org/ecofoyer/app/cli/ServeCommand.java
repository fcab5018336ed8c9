package org.ecofoyer.app.cli;

import java.util.concurrent.Callable;
import org.ecofoyer.app.EcofoyerServer;
import org.ecofoyer.app.config.EcofoyerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code ecofoyer serve}: runs the product with the configured store until stopped (SIGTERM or Ctrl-C). */
@Command(name = "serve", description = "Run Ecofoyer with the configured store until stopped.")
public class ServeCommand implements Callable<Integer> {
    @ParentCommand
    EcofoyerCommand parent;

    @Option(names = "--port", description = "HTTP port (default: http.port, 8080).")
    Integer port;

    @Override
    public Integer call() throws Exception {
        EcofoyerConfig cfg = parent.config();
        if (port != null) {
            cfg = cfg.withHttp(cfg.http().withPort(port));
        }
        return runUntilStopped(cfg, "Ecofoyer");
    }

    static int runUntilStopped(EcofoyerConfig cfg, String what) throws Exception {
        return runUntilStopped(cfg, what, server -> { });
    }

    /** Starts, runs {@code afterStart} (e.g. the demo's set-up), prints the address, and waits for a stop signal. */
    static int runUntilStopped(EcofoyerConfig cfg, String what, AfterStart afterStart) throws Exception {
        long t0 = System.nanoTime();
        EcofoyerServer server = EcofoyerServer.start(cfg);
        try {
            afterStart.accept(server);
        } catch (Exception e) {
            server.close();
            throw e;
        }
        System.out.printf("%s is running at http://%s:%d/ (started in %d ms; Ctrl-C to stop)%n", what,
                "0.0.0.0".equals(cfg.http().host()) ? "localhost" : cfg.http().host(), server.port(),
                (System.nanoTime() - t0) / 1_000_000);
        System.out.flush();
        server.awaitStopped(); // SIGTERM or Ctrl-C: the process's shutdown sequence stops the server, in order
        return 0;
    }

    /** Work done once the server is up. */
    @FunctionalInterface
    interface AfterStart {
        void accept(EcofoyerServer server) throws Exception;
    }
}
