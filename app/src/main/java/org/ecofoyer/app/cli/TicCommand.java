package org.ecofoyer.app.cli;

import java.util.Optional;
import org.ecofoyer.drivers.tic.TicMode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ecofoyer tic ...}: Linky TIC tools for developers and installers. */
@Command(name = "tic", description = "Linky TIC tools: decode captures, probe a serial port, simulate a meter.",
        subcommands = {TicDecodeCommand.class, TicProbeCommand.class, TicSimulateCommand.class})
public class TicCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: try 'ecofoyer tic decode FILE', 'tic probe PORT' or 'tic simulate'");
    }

    /** {@code auto|historique|standard} → empty for auto; a usage error (exit 2) otherwise. */
    static Optional<TicMode> mode(CommandSpec spec, String setting) {
        try {
            return TicMode.parseSetting(setting);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--mode: " + e.getMessage());
        }
    }
}
