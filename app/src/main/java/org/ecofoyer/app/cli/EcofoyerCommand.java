package org.ecofoyer.app.cli;

import java.time.Clock;
import java.util.Map;
import org.ecofoyer.app.Version;
import org.ecofoyer.app.config.ConfigLoader;
import org.ecofoyer.app.config.EcofoyerConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code ecofoyer}: the top command; its subcommands do the work. */
@Command(name = "ecofoyer", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        versionProvider = EcofoyerCommand.VersionProvider.class,
        description = "Ecofoyer: your home's electricity, gas and water, in kWh, litres and euros.",
        subcommands = {DemoCommand.class, ServeCommand.class, DbCommand.class, UserCommand.class, ImportCommand.class,
                ExportCommand.class, PriceCommand.class, TariffCommand.class, TicCommand.class, SyncCommand.class, QuarantineCommand.class,
                LoadtestCommand.class, BenchCommand.class, BackupCommand.class, RestoreCommand.class,
                CommandLine.HelpCommand.class})
public final class EcofoyerCommand implements Runnable {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandLine.Model.CommandSpec spec;

    private final Map<String, String> env;
    private final Clock clock;

    public EcofoyerCommand(Map<String, String> env) {
        this(env, Clock.systemUTC());
    }

    /** With the clock the commands that date what they do read (the retention's cut-off, a backup's date). */
    public EcofoyerCommand(Map<String, String> env, Clock clock) {
        this.env = env;
        this.clock = clock;
    }

    Clock clock() {
        return clock;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: say what to do, e.g. 'ecofoyer demo'");
    }

    /** The configuration, from --config, the environment and --data-dir (which wins over both). */
    EcofoyerConfig config() {
        EcofoyerConfig cfg = new ConfigLoader().load(global.config, env);
        return global.dataDir == null ? cfg : cfg.withDataDir(global.dataDir.toString());
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"ecofoyer " + Version.get(), "Java " + System.getProperty("java.version")};
        }
    }
}
