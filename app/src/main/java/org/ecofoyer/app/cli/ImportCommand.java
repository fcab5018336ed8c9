package org.ecofoyer.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.ecofoyer.aggregation.maths.PeriodCalendar;
import org.ecofoyer.aggregation.store.CalendarStore;
import org.ecofoyer.aggregation.store.Recompute;
import org.ecofoyer.app.config.EcofoyerConfig;
import org.ecofoyer.core.HouseholdId;
import org.ecofoyer.core.Meter;
import org.ecofoyer.core.MeterCode;
import org.ecofoyer.core.MeterKind;
import org.ecofoyer.core.TariffOption;
import org.ecofoyer.core.TempoColour;
import org.ecofoyer.drivers.Reading;
import org.ecofoyer.drivers.tic.TicDecoder;
import org.ecofoyer.drivers.tic.TicFrame;
import org.ecofoyer.ingest.pipeline.MeterFactsLearner;
import org.ecofoyer.ingest.writer.MeterFactsStore;
import org.ecofoyer.ingest.writer.ReadingWriter;
import org.ecofoyer.ingest.writer.WriteResult;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.Meters;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code ecofoyer import ...}: bring recorded data into the store. */
@Command(name = "import", description = "Import recorded data into the store.", subcommands = ImportCommand.Tic.class)
public class ImportCommand implements Runnable {
    @ParentCommand
    EcofoyerCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: try 'ecofoyer import tic FILE --meter-id ID'");
    }

    static final java.time.ZoneId PARIS = java.time.ZoneId.of("Europe/Paris");

    /**
     * {@code ecofoyer import tic FILE --meter-id ID}: decodes a TIC capture with the TIC decoder, stores its readings
     * through the ingest writer (creating the household and meter if needed), then brings the rollups up to date.
     * A frame's instant is its DATE horodate when it has one, else {@code --start} plus its position × {@code --interval}.
     */
    @Command(name = "tic", description = "Decode a TIC capture and store its readings, then update the rollups.")
    static class Tic implements Callable<Integer> {
        @ParentCommand
        ImportCommand imp;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "The capture (raw TIC bytes).")
        Path file;

        @Option(names = "--meter-id", required = true, paramLabel = "ID", description = "The meter's id (created if missing).")
        String meterId;

        @Option(names = "--tariff-option", paramLabel = "OPT", description = "base, hphc, tempo or ejp (for a new meter; default: from the capture).")
        String tariffOption;

        @Option(names = "--start", paramLabel = "ISO-8601", description = "Instant of the first frame without DATE, e.g. 2026-01-10T08:00:00+01:00.")
        String start;

        @Option(names = "--interval", paramLabel = "SECONDS", description = "Seconds between frames without DATE (with --start).")
        Long interval;

        @Override
        public Integer call() throws Exception {
            CommandLine cl = spec.commandLine();
            if (!meterId.matches("[A-Za-z0-9._:@+-]{1,64}")) {
                throw new CommandLine.ParameterException(cl, "--meter-id: expected 1 to 64 letters, digits or . _ : @ + -, got '"
                        + meterId.replaceAll("\\p{Cntrl}", "?") + "'");
            }
            Instant startAt = null;
            if (start != null) {
                try {
                    startAt = OffsetDateTime.parse(start).toInstant();
                } catch (DateTimeParseException e) {
                    try {
                        startAt = Instant.parse(start);
                    } catch (DateTimeParseException e2) {
                        throw new CommandLine.ParameterException(cl, "--start: expected an ISO-8601 instant such as 2026-01-10T08:00:00+01:00, got '" + start + "'");
                    }
                }
            }
            if ((start == null) != (interval == null)) {
                throw new CommandLine.ParameterException(cl, "--start and --interval go together");
            }
            if (interval != null && interval <= 0) {
                throw new CommandLine.ParameterException(cl, "--interval: expected a positive number of seconds, got " + interval);
            }
            TariffOption option = null;
            if (tariffOption != null) {
                try {
                    option = TariffOption.parse(tariffOption);
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(cl, "--tariff-option: " + e.getMessage());
                }
            }
            List<TicFrame> frames = new ArrayList<>();
            TicDecoder decoder = TicDecoder.auto(frames::add);
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buf = new byte[8192];
                int n;
                while ((n = in.read(buf)) > 0) {
                    decoder.feed(buf, 0, n);
                }
                decoder.endOfInput();
            } catch (NoSuchFileException e) {
                cl.getErr().println("no such file: " + file + " (give the path of a TIC capture)");
                return 1;
            } catch (IOException e) {
                cl.getErr().println("cannot read " + file + ": " + e.getMessage());
                return 1;
            }
            List<Reading> readings = new ArrayList<>();
            int position = 0;
            int undated = 0;
            String detectedOption = null;
            // Tempo colours announced by the meter (STGE today/tomorrow, historique DEMAIN) feed the Tempo calendar.
            java.util.Map<java.time.LocalDate, TempoColour> tempo = new java.util.TreeMap<>();
            for (TicFrame frame : frames) {
                Instant at = frame.instant().orElse(null);
                if (at == null && startAt != null) {
                    at = startAt.plusSeconds(interval * position);
                }
                position++;
                if (at == null) {
                    undated++;
                    continue;
                }
                if (detectedOption == null) {
                    detectedOption = frame.tariffOption().orElse(null);
                }
                readings.addAll(frame.readings(meterId, at));
                java.time.LocalDate tempoDay = PeriodCalendar.tempoDay(java.time.LocalDateTime.ofInstant(at, PARIS));
                frame.tempoToday().ifPresent(c -> tempo.put(tempoDay, c));
                frame.tempoTomorrow().ifPresent(c -> tempo.put(tempoDay.plusDays(1), c));
            }
            if (frames.isEmpty()) {
                cl.getErr().println("no valid TIC frame in " + file + " (" + decoder.counters() + "): is it a TIC capture?");
                return 1;
            }
            if (undated > 0 && readings.isEmpty()) {
                cl.getErr().println(undated + " frame(s) have no DATE horodate: give --start and --interval to date them");
                return 1;
            }
            EcofoyerConfig cfg = imp.parent.config();
            try (Database db = Stores.openBesideServerMigrated(cfg)) {
                String storedOption = option != null ? option.name() : optionFromCapture(detectedOption);
                try (Connection c = db.dataSource().getConnection()) {
                    ensureElectricityMeter(c, meterId, storedOption);
                    CalendarStore.setTempo(c, tempo);
                }
                ReadingWriter writer = Stores.writer(db, cfg, imp.parent.clock());
                WriteResult written;
                try {
                    // What the meter says about itself (subscription, daily maxima) goes to its own tables, as live (#16).
                    MeterFactsLearner.Taken taken = new MeterFactsLearner().take(meterId, readings);
                    written = writer.submit(taken.readings(), List.of(), taken.facts() == null ? null : new MeterFactsStore(taken.facts()),
                            "import:" + file.getFileName()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
                } finally {
                    writer.close(Duration.ofSeconds(30));
                }
                Recompute.Stats s = Stores.recomputeDirty(db, cfg, imp.parent.clock());
                cl.getOut().printf("%d frame(s) decoded (%s), %d reading(s) stored, %d rejected, %d frame(s) skipped without a date;"
                                + " rollups updated for %d meter(s)%n", frames.size(), decoder.counters(), written.written(),
                        written.rejected(), undated, s.meters());
                if (written.quarantinedTotal() > 0) {
                    cl.getOut().printf("%d reading(s) held in quarantine, not stored: %s; see 'ecofoyer quarantine list --meter %s'%n",
                            written.quarantinedTotal(), QuarantineCommand.describe(written.quarantined()), meterId);
                }
            }
            return 0;
        }

        /**
         * Creates household {@code code} and its Linky meter {@code code} (its external id too) if the meter does not
         * exist; sets the tariff option when given.
         */
        private static void ensureElectricityMeter(Connection c, String code, String tariffOption) throws SQLException {
            MeterCode meter = new MeterCode(code);
            Optional<Meter> existing = Meters.byCode(c, meter);
            if (existing.isEmpty()) {
                HouseholdId household = new HouseholdId(code);
                Meters.registerAll(c, new Meters.NewHousehold(household, null),
                        List.of(new Meters.Registration(meter, household, MeterKind.LINKY_TIC, code, tariffOption, null)));
            } else if (tariffOption != null && !tariffOption.equals(existing.get().tariffOption())) {
                Meters.setTariffOption(c, existing.get().id(), tariffOption);
            }
        }

        private static String optionFromCapture(String optarif) {
            if (optarif == null) {
                return null;
            }
            try {
                return TariffOption.parse(optarif).name();
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }
}
