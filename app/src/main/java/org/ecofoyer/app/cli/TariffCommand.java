package org.ecofoyer.app.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Files;
import java.sql.Connection;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.ecofoyer.aggregation.maths.OffPeakHours;
import org.ecofoyer.aggregation.store.CalendarStore;
import org.ecofoyer.aggregation.store.Recompute;
import org.ecofoyer.app.config.EcofoyerConfig;
import org.ecofoyer.core.MeterCode;
import org.ecofoyer.core.TempoColour;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.Jdbc;
import org.ecofoyer.storage.Meters;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code ecofoyer tariff ...}: tariff calendars (off-peak windows, Tempo colours, EJP days) and degree-days. */
@Command(name = "tariff", description = "Tariff calendars and degree-days; affected rollups are recomputed.",
        subcommands = {TariffCommand.OffPeak.class, TariffCommand.Tempo.class, TariffCommand.Ejp.class, TariffCommand.Dju.class,
            TariffCommand.Missing.class})
public class TariffCommand implements Runnable {
    @ParentCommand
    EcofoyerCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: try 'ecofoyer tariff offpeak'");
    }

    interface Work {
        String apply(Connection c) throws Exception;
    }

    static int inStore(EcofoyerCommand parent, CommandLine cl, Work work) throws Exception {
        EcofoyerConfig cfg = parent.config();
        try (Database db = Stores.openBesideServerMigrated(cfg)) {
            String said = Jdbc.transaction(db.dataSource(), c -> {
                try {
                    return work.apply(c);
                } catch (java.sql.SQLException | RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            });
            if (said.startsWith("!")) {
                cl.getErr().println(said.substring(1));
                return 1;
            }
            Recompute.Stats s = Stores.recomputeDirty(db, cfg, parent.clock());
            cl.getOut().printf("%s; rollups recomputed for %d meter(s)%n", said, s.meters());
        }
        return 0;
    }

    static List<String[]> csv(CommandLine cl, Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#") && Character.isDigit(l.charAt(0)))
                    .map(l -> l.split("[,;]")).toList();
        } catch (IOException e) {
            throw new CommandLine.ParameterException(cl, "cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Each data row of {@code file} through {@code parse}; a row it refuses is a usage error naming the line and the form. */
    static <T> List<T> rows(CommandLine cl, Path file, String form, java.util.function.Function<String[], T> parse) {
        List<T> out = new java.util.ArrayList<>();
        int line = 0;
        for (String[] f : csv(cl, file)) {
            line++;
            try {
                out.add(parse.apply(f));
            } catch (RuntimeException e) {
                throw new CommandLine.ParameterException(cl, file + " data line " + line + ": expected '" + form + "', got '"
                        + String.join(",", f) + "'");
            }
        }
        return out;
    }

    @Command(name = "offpeak", description = "Set a meter's off-peak windows from a date on, e.g. 'HC (22H00-6H00)'.")
    static class OffPeak implements Callable<Integer> {
        @ParentCommand TariffCommand tariff;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;
        @Option(names = "--meter-id", required = true) String meterId;
        @Option(names = "--from", required = true, description = "First local date the windows apply.") LocalDate from;
        @Parameters(index = "0", paramLabel = "HOURS", description = "Like Enedis writes them: 'HC (1H30-8H00;12H30-14H00)'.") String hours;

        @Override
        public Integer call() throws Exception {
            CommandLine cl = spec.commandLine();
            try {
                OffPeakHours.parse(hours);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cl, e.getMessage());
            }
            return inStore(tariff.parent, cl, c -> {
                var meter = Meters.byCode(c, new MeterCode(meterId)).orElse(null);
                if (meter == null) {
                    return "!no meter '" + meterId + "' in this store: check --meter-id";
                }
                CalendarStore.setOffPeak(c, meter.id(), from, hours, from.atStartOfDay(meter.zone()).toInstant());
                return "off-peak hours of " + meterId + " from " + from + ": " + hours;
            });
        }
    }

    @Command(name = "tempo", description = "Import Tempo colours: CSV lines 'date,colour' (BLUE/WHITE/RED or bleu/blanc/rouge).")
    static class Tempo implements Callable<Integer> {
        @ParentCommand TariffCommand tariff;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;
        @Parameters(index = "0", paramLabel = "FILE") Path file;

        @Override
        public Integer call() throws Exception {
            CommandLine cl = spec.commandLine();
            Map<LocalDate, TempoColour> days = new TreeMap<>();
            rows(cl, file, "YYYY-MM-DD,BLUE|WHITE|RED", f -> Map.entry(LocalDate.parse(f[0].trim()), colour(f[1])))
                    .forEach(e -> days.put(e.getKey(), e.getValue()));
            return inStore(tariff.parent, cl, c -> {
                CalendarStore.setTempo(c, days);
                return days.size() + " Tempo day(s) stored";
            });
        }

        static TempoColour colour(String s) {
            return TempoColour.parse(s);
        }
    }

    @Command(name = "ejp", description = "Import EJP peak days (07:00 to 01:00 the next morning): CSV lines 'date'.")
    static class Ejp implements Callable<Integer> {
        @ParentCommand TariffCommand tariff;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;
        @Parameters(index = "0", paramLabel = "FILE") Path file;

        @Override
        public Integer call() throws Exception {
            CommandLine cl = spec.commandLine();
            List<LocalDate> days = rows(cl, file, "YYYY-MM-DD", f -> LocalDate.parse(f[0].trim()));
            return inStore(tariff.parent, cl, c -> CalendarStore.setEjp(c, days) + " new EJP day(s) stored");
        }
    }

    @Command(name = "dju", description = "Import heating degree-days: CSV lines 'date,dju'.")
    static class Dju implements Callable<Integer> {
        @ParentCommand TariffCommand tariff;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;
        @Parameters(index = "0", paramLabel = "FILE") Path file;
        @Option(names = "--zone", defaultValue = "default", description = "Weather zone (station) name.") String zone;

        @Override
        public Integer call() throws Exception {
            CommandLine cl = spec.commandLine();
            Map<LocalDate, Double> dju = new TreeMap<>();
            rows(cl, file, "YYYY-MM-DD,number", f -> Map.entry(LocalDate.parse(f[0].trim()), Double.parseDouble(f[1].trim())))
                    .forEach(e -> dju.put(e.getKey(), e.getValue()));
            return inStore(tariff.parent, cl, c -> {
                CalendarStore.setDegreeDays(c, zone, dju);
                return dju.size() + " degree-day value(s) stored for zone " + zone;
            });
        }
    }

    /**
     * {@code ecofoyer tariff missing}: the prices the rollups needed and did not find, per meter and range of days
     * (issue #16: households see "costs incomplete", the operator sees which prices to add with {@code ecofoyer price
     * set}). Exit code 0 either way; the list is empty when every cost is complete.
     */
    @Command(name = "missing", description = "List the prices missing for stored consumption: fluid, option, kVA, period, days.")
    static class Missing implements Callable<Integer> {
        @ParentCommand TariffCommand tariff;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;
        @Option(names = "--household", description = "Only this household's meters.") String household;

        @Override
        public Integer call() throws Exception {
            CommandLine cl = spec.commandLine();
            try (Database db = Stores.openMigrated(tariff.parent.config())) {
                List<org.ecofoyer.aggregation.maths.MissingPrice> missing = Jdbc.transaction(db.dataSource(),
                        c -> new org.ecofoyer.aggregation.query.RollupReader(c).missingPrices(household));
                if (missing.isEmpty()) {
                    cl.getOut().println("Every stored consumption has its prices.");
                    return 0;
                }
                cl.getOut().printf("%d missing price range(s); add them with 'ecofoyer price set':%n", missing.size());
                missing.forEach(m -> cl.getOut().println("  " + m.describe()));
                // The same ranges merged per price (what the server's log tells the operator once), with their commands.
                java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneId.of("Europe/Paris"));
                cl.getOut().println("Per price:");
                org.ecofoyer.aggregation.maths.PriceGap.of(missing).forEach(g -> cl.getOut().println("  " + g.warning(today)));
            }
            return 0;
        }
    }
}
