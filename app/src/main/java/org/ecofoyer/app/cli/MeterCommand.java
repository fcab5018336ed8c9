package org.ecofoyer.app.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ecofoyer.core.Fluid;
import org.ecofoyer.core.Household;
import org.ecofoyer.core.HouseholdId;
import org.ecofoyer.core.Meter;
import org.ecofoyer.core.MeterCode;
import org.ecofoyer.core.MeterKind;
import org.ecofoyer.core.TariffOption;
import org.ecofoyer.gateway.Gateway;
import org.ecofoyer.gateway.GatewayRegistry;
import org.ecofoyer.storage.Households;
import org.ecofoyer.storage.MeterTakenException;
import org.ecofoyer.storage.Meters;
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

    /** How a meter of a fluid is read when an installer adds it: a Linky through a TIC gateway; gas and water from their utility. */
    static MeterKind kindOf(Fluid fluid) {
        return switch (fluid) {
            case ELECTRICITY -> MeterKind.LINKY_TIC;
            case GAS -> MeterKind.GAZPAR;
            case WATER -> MeterKind.TELEO;
        };
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

        @Option(names = "--tariff-option", paramLabel = "OPT", description = "electricity: base, hphc, tempo or ejp")
        String tariffOption;

        @Option(names = "--kva", paramLabel = "N", description = "electricity: subscribed power, 3 to 36 kVA")
        Integer kva;

        @Override
        public Integer call() throws Exception {
            Fluid f = switch (fluid.strip().toLowerCase(Locale.ROOT)) {
                case "electricity" -> Fluid.ELECTRICITY;
                case "gas" -> Fluid.GAS;
                case "water" -> Fluid.WATER;
                default -> throw new Refused("--fluid: expected electricity, gas or water, got '" + fluid + "'");
            };
            MeterCode mc;
            try {
                mc = new MeterCode(code.strip());
            } catch (IllegalArgumentException e) {
                throw new Refused("--code: " + e.getMessage());
            }
            String option = null;
            if (tariffOption != null) {
                if (f != Fluid.ELECTRICITY) {
                    throw new Refused("--tariff-option is an electricity option; a " + fluid + " meter's price table comes from its utility");
                }
                try {
                    option = TariffOption.named(tariffOption).name();
                } catch (IllegalArgumentException e) {
                    throw new Refused("--tariff-option: " + e.getMessage());
                }
            }
            if (kva != null && (f != Fluid.ELECTRICITY || kva < 3 || kva > 36)) {
                throw new Refused("--kva: expected an electricity meter's subscribed power, 3 to 36 kVA, got " + kva + " for " + fluid);
            }
            String storedOption = option;
            Meter added = Stores.inTransaction(meter.parent.config(), c -> {
                if (!Households.exists(c, household)) {
                    throw new Refused("no household '" + household + "' (create it first: ecofoyer household add --name NAME)");
                }
                if (Meters.byCode(c, mc).isPresent()) {
                    throw new Refused("meter '" + mc + "' exists already");
                }
                try {
                    return Meters.register(c, new Meters.Registration(mc, new HouseholdId(household), kindOf(f), mc.value(),
                            storedOption, kva));
                } catch (MeterTakenException e) {
                    throw new Refused(e.getMessage());
                }
            });
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
            List<Meter> meters = Stores.inTransaction(meter.parent.config(), c -> {
                List<Meter> out = new ArrayList<>();
                if (household != null) {
                    Household h = Households.find(c, household).orElseThrow(() -> new Refused("no household '" + household + "'"));
                    return Meters.ofHousehold(c, h.id());
                }
                for (Household h : Households.list(c)) {
                    out.addAll(Meters.ofHousehold(c, h.id()));
                }
                return out;
            });
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
            MeterCode mc;
            try {
                mc = new MeterCode(code);
            } catch (IllegalArgumentException e) {
                throw new Refused(e.getMessage());
            }
            if (!yes) {
                throw new Refused("removing meter '" + code + "' erases its readings and rollups: add --yes if you mean it");
            }
            Meter removed = Stores.inTransaction(meter.parent.config(), c -> {
                Meter m = Meters.byCode(c, mc).orElseThrow(() -> new Refused("no meter '" + code + "'"));
                List<Gateway> gateways = GatewayRegistry.ofMeter(c, mc);
                if (!gateways.isEmpty()) {
                    // The registry's rows would go with the meter (cascade, so that erasure works): say so instead.
                    throw new Refused("meter '" + code + "' is fed by gateway '" + gateways.get(0).id()
                            + "': remove its gateways first (ecofoyer gateway remove ID)");
                }
                Meters.remove(c, mc);
                return m;
            });
            PrintWriter out = spec.commandLine().getOut();
            out.printf("meter '%s' (household '%s') removed, with its readings%n", removed.code(), removed.household());
            out.println(KeyValues.of("id", removed.code().value()).and("household", removed.household().value()).and("removed", true).line());
            return 0;
        }
    }
}
