package org.ecofoyer.app.cli;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Files;
import java.sql.Connection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ecofoyer.aggregation.maths.Price;
import org.ecofoyer.aggregation.store.PriceFile;
import org.ecofoyer.aggregation.store.PriceStore;
import org.ecofoyer.app.config.EcofoyerConfig;
import org.ecofoyer.core.Fluid;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.Jdbc;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code ecofoyer price ...}: the dated price tables (list, set, import). A change recomputes the affected rollups. */
@Command(name = "price", description = "List, add or correct prices; affected rollups are recomputed.",
        subcommands = {PriceCommand.ListPrices.class, PriceCommand.Set.class, PriceCommand.Import.class})
public class PriceCommand implements Runnable {
    @ParentCommand
    EcofoyerCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: try 'ecofoyer price list'");
    }

    static Fluid fluid(CommandLine cl, String s) {
        try {
            return Fluid.valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, "--fluid: expected electricity, gas or water, got '" + s + "'");
        }
    }

    @Command(name = "list", description = "Print the prices of a fluid as a price file.")
    static class ListPrices implements Callable<Integer> {
        @ParentCommand
        PriceCommand price;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--fluid", defaultValue = "electricity", description = "electricity, gas or water.")
        String fluid;

        @Override
        public Integer call() throws Exception {
            Fluid f = fluid(spec.commandLine(), fluid);
            EcofoyerConfig cfg = price.parent.config();
            try (Database db = Stores.openBesideServerMigrated(cfg)) {
                try (Connection c = db.dataSource().getConnection()) {
                    var out = spec.commandLine().getOut();
                    out.println("fluid;option;component;period;kva;valid_from;valid_to;amount;source");
                    for (Price p : PriceStore.load(c, f)) {
                        out.println(String.join(";", p.fluid().name(), p.option(), p.component(), p.period(),
                                String.valueOf(p.kva()), p.from().toString(), p.to() == null ? "" : p.to().toString(),
                                p.amount().toPlainString(), p.source()));
                    }
                }
            }
            return 0;
        }
    }

    @Command(name = "set", description = "Add or correct one price (valid on [--from, --to)).")
    static class Set implements Callable<Integer> {
        @ParentCommand
        PriceCommand price;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--fluid", required = true) String fluid;
        @Option(names = "--option", required = true, description = "BASE, HPHC, TEMPO, EJP, PRIX_REPERE, GRAND_LYON...") String option;
        @Option(names = "--component", defaultValue = "energy", description = "energy (per kWh or m³) or subscription (per year).") String component;
        @Option(names = "--period", defaultValue = "BASE", description = "BASE, HP, HC, TEMPO_BLUE_HC... (energy only).") String period;
        @Option(names = "--kva", defaultValue = "0", description = "Subscription level, 0 for every level.") int kva;
        @Option(names = "--from", required = true, description = "Local date (Europe/Paris) or ISO instant.") String from;
        @Option(names = "--to", description = "End (excluded); none: until the next price.") String to;
        @Option(names = "--amount", required = true, description = "Euros TTC.") BigDecimal amount;
        @Option(names = "--source", required = true, description = "Where the figure comes from.") String source;

        @Override
        public Integer call() throws Exception {
            CommandLine cl = spec.commandLine();
            Price p;
            try {
                p = new Price(fluid(cl, fluid), option.toUpperCase(Locale.ROOT), component.toLowerCase(Locale.ROOT),
                        period.toUpperCase(Locale.ROOT), kva, PriceFile.instant(from), to == null ? null : PriceFile.instant(to), amount, source);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cl, e.getMessage());
            }
            return store(price.parent.config(), List.of(p), cl);
        }
    }

    @Command(name = "import", description = "Add or correct the prices of a price file (same format as 'price list').")
    static class Import implements Callable<Integer> {
        @ParentCommand
        PriceCommand price;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Parameters(index = "0", paramLabel = "FILE") Path file;

        @Override
        public Integer call() throws Exception {
            CommandLine cl = spec.commandLine();
            List<Price> prices;
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                prices = PriceFile.parse(r, file.toString());
            } catch (IOException e) {
                cl.getErr().println("cannot read " + file + ": " + e.getMessage());
                return 1;
            } catch (IllegalArgumentException e) {
                cl.getErr().println(e.getMessage());
                return 1;
            }
            return store(price.parent.config(), prices, cl);
        }
    }

    static int store(EcofoyerConfig cfg, List<Price> prices, CommandLine cl) throws Exception {
        try (Database db = Stores.openBesideServerMigrated(cfg)) {
            int n = Jdbc.transaction(db.dataSource(), c -> PriceStore.upsert(c, prices));
            var s = new org.ecofoyer.aggregation.store.Recompute(db.longOperations(), cfg.aggregation()).drain();
            cl.getOut().printf("%d price(s) stored; rollups recomputed for %d meter(s)%n", n, s.meters());
        }
        return 0;
    }
}
