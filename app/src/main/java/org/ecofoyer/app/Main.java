package org.ecofoyer.app;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;
import org.ecofoyer.app.cli.EcofoyerCommand;
import org.ecofoyer.app.cli.Refused;
import org.ecofoyer.app.config.ConfigException;
import org.ecofoyer.storage.StorageException;
import picocli.CommandLine;

/** Entry point of the {@code ecofoyer} command. Exit codes: 0 ok, 1 runtime error, 2 usage error. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    public static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
        return run(args, env, out, err, Clock.systemUTC());
    }

    /** With a clock of the caller's (tests: a fixed one). */
    public static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err, Clock clock) {
        CommandLine cl = commandLine(env, clock);
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(args);
    }

    public static CommandLine commandLine(Map<String, String> env) {
        return commandLine(env, Clock.systemUTC());
    }

    static CommandLine commandLine(Map<String, String> env, Clock clock) {
        CommandLine cl = new CommandLine(new EcofoyerCommand(env, clock));
        // Picocli leaves the usage out when it has a "did you mean" suggestion; always show both.
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine cmd = ex.getCommandLine();
            PrintWriter err = cmd.getErr();
            err.println(ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            cmd.usage(err);
            err.flush();
            return cmd.getCommandSpec().exitCodeOnInvalidInput();
        });
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            PrintWriter err = cmd.getErr();
            if (e instanceof Refused || e instanceof org.ecofoyer.gateway.Refusal) {
                err.println("ecofoyer " + cmd.getCommandName() + ": " + e.getMessage());
                err.flush();
                return 2;
            }
            if (e instanceof ConfigException) {
                err.println("ecofoyer: configuration error: " + e.getMessage());
            } else if (e instanceof StorageException) {
                err.println("ecofoyer: " + e.getMessage());
            } else {
                err.println("ecofoyer: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
                if (System.getenv("ECOFOYER_DEBUG") != null) {
                    e.printStackTrace(err);
                } else {
                    err.println("(set ECOFOYER_LOG_LEVEL=DEBUG or ECOFOYER_DEBUG=1 for details)");
                }
            }
            err.flush();
            return 1;
        });
        return cl;
    }
}
