package org.ecofoyer.app.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ecofoyer.app.config.EcofoyerConfig;
import org.ecofoyer.core.Meter;
import org.ecofoyer.gateway.Onboarding;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ecofoyer meter add|list|remove}: a household's meters, by the code the utility gives them (electricity: the
 * Linky's PRM or TIC serial, gas: the PCE, water: the meter number). Last stdout line {@code key=value} pairs; bad
 * input exits 2 with the reason, nothing written.
 */
@Command(name = "meter", description = "Meters: add one to a household, list them, remove one.",
        subcommands = {MeterCommand.Add.class, MeterCommand.ListMeters.class, MeterCommand.Remove.class})
public class MeterCommand implements Runnable {
    @ParentCommand
    EcofoyerCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "Missing command: try 'ecofoyer meter add --household ID --fluid electricity --code CODE'");
    }

    static KeyValues pairs(Meter m) {
        return KeyValues.of("id", m.code().value()).and("household", m.household().value())
                .and("fluid", m.fluid().name().toLowerCase(Locale.ROOT)).and("kind", m.kind().name().toLowerCase(Locale.ROOT))
                .and("tariff-option", m.tariffOption() == null ? null : m.tariffOption().toLowerCase(Locale.ROOT))
                .and("kva", m.subscribedKva());
    }

    @Command(name = "add", description = "Add a meter to a household; last line: id=CODE household=... fluid=... kind=...")
    static class Add implements Callable<Integer> {
        @ParentCommand
        MeterCommand meter;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--household", required = true, paramLabel = "ID")
        String household;

        @Option(names = "--fluid", required = true, description = "electricity, gas or water")
        String fluid;

        @Option(names = "--code", required = true, description = "electricity: PRM or TIC serial (ADCO/ADSC); gas: PCE; water: meter number")
        String code;

        @Option(names = "--tariff-option", paramLabel = "OPT", description = "electricity: base, hphc, tempo or ejp; gas: prix_repere (heating, the default) or prix_repere_b0 (cooking, hot water)")
        String tariffOption;

        @Option(names = "--kva", paramLabel = "N", description = "electricity: subscribed power, 3 to 36 kVA")
        Integer kva;

        @Override
        public Integer call() throws Exception {
            EcofoyerConfig cfg = meter.parent.config();
            Meter added = Stores.inTransaction(cfg, c -> Stores.onboarding(cfg)
                    .addMeter(c, new Onboarding.NewMeter(household, fluid, code, tariffOption, kva)));
            PrintWriter out = spec.commandLine().getOut();
            out.printf("meter '%s' added to household '%s'%n", added.code(), added.household());
            out.println(pairs(added).line());
            return 0;
        }
    }

    @Command(name = "list", description = "Meters, one line each: id=CODE household=... fluid=... kind=...")
    static class ListMeters implements Callable<Integer> {
        @ParentCommand
        MeterCommand meter;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--household", paramLabel = "ID", description = "only this household's (default: all)")
        String household;

        @Override
        public Integer call() throws Exception {
            List<Meter> meters = Stores.inTransaction(meter.parent.config(), c -> Onboarding.meters(c, household));
            meters.forEach(m -> spec.commandLine().getOut().println(pairs(m).line()));
            return 0;
        }
    }

    @Command(name = "remove", description = "Remove a meter with its readings and rollups (--yes says you mean it).")
    static class Remove implements Callable<Integer> {
        @ParentCommand
        MeterCommand meter;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "CODE")
        String code;

        @Option(names = "--yes", description = "erase the meter's readings and rollups with it")
        boolean yes;

        @Override
        public Integer call() throws Exception {
            if (!yes) {
                throw new Refused("removing meter '" + code + "' erases its readings and rollups: add --yes if you mean it");
            }
            EcofoyerConfig cfg = meter.parent.config();
            Meter removed = Stores.inTransaction(cfg, c -> Stores.onboarding(cfg).removeMeter(c, code));
            PrintWriter out = spec.commandLine().getOut();
            out.printf("meter '%s' (household '%s') removed, with its readings%n", removed.code(), removed.household());
            out.println(KeyValues.of("id", removed.code().value()).and("household", removed.household().value()).and("removed", true).line());
            return 0;
        }
    }
}
