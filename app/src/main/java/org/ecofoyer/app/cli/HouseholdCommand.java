package org.ecofoyer.app.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.ecofoyer.core.Household;
import org.ecofoyer.app.config.EcofoyerConfig;
import org.ecofoyer.core.Meter;
import org.ecofoyer.gateway.Onboarding;
import org.ecofoyer.storage.Households;
import org.ecofoyer.storage.Meters;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ecofoyer household add|list|show}: the operator's and installer's onboarding of a home. Each prints, as its
 * last stdout line, {@code key=value} pairs ({@link KeyValues}); bad input exits 2 with the reason ({@link Refused}).
 */
@Command(name = "household", description = "Households: add one, list them, show one with its meters.",
        subcommands = {HouseholdCommand.Add.class, HouseholdCommand.ListHouseholds.class, HouseholdCommand.Show.class})
public class HouseholdCommand implements Runnable {
    @ParentCommand
    EcofoyerCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: try 'ecofoyer household add --name NAME'");
    }

    static KeyValues pairs(Household h) {
        return KeyValues.of("id", h.id().value()).and("zone", h.zone().getId()).and("name", h.name());
    }

    @Command(name = "add", description = "Create a household; prints its id (last line: id=... zone=... name=...).")
    static class Add implements Callable<Integer> {
        @ParentCommand
        HouseholdCommand household;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--name", required = true, description = "its name, e.g. 'Famille Martin'")
        String name;

        @Option(names = "--zone", defaultValue = "Europe/Paris", description = "its time zone, in which its days count (default: Europe/Paris)")
        String zone;

        @Option(names = "--id", description = "its id (default: made from the name, e.g. famille-martin-k3x9)")
        String id;

        @Override
        public Integer call() throws Exception {
            EcofoyerConfig cfg = household.parent.config();
            Household created = Stores.inTransaction(cfg,
                    c -> Stores.onboarding(cfg).addHousehold(c, new Onboarding.NewHousehold(name, zone, id)));
            PrintWriter out = spec.commandLine().getOut();
            out.printf("household '%s' created%n", created.id());
            out.println(pairs(created).line());
            return 0;
        }
    }

    @Command(name = "list", description = "Every household, one line each: id=... zone=... name=... meters=N.")
    static class ListHouseholds implements Callable<Integer> {
        @ParentCommand
        HouseholdCommand household;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            List<String> lines = Stores.inTransaction(household.parent.config(), c -> {
                List<String> out = new java.util.ArrayList<>();
                for (Household h : Households.list(c)) {
                    out.add(pairs(h).and("meters", Meters.ofHousehold(c, h.id()).size()).line());
                }
                return out;
            });
            lines.forEach(spec.commandLine().getOut()::println);
            return 0;
        }
    }

    @Command(name = "show", description = "A household and its meters; last line: id=... zone=... name=... meters=N.")
    static class Show implements Callable<Integer> {
        @ParentCommand
        HouseholdCommand household;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Override
        public Integer call() throws Exception {
            Onboarding.HouseholdWithMeters f = Stores.inTransaction(household.parent.config(), c -> Onboarding.household(c, id));
            PrintWriter out = spec.commandLine().getOut();
            for (Meter m : f.meters()) {
                out.println("meter " + MeterCommand.pairs(m).line());
            }
            out.println(pairs(f.household()).and("meters", f.meters().size()).line());
            return 0;
        }
    }
}
