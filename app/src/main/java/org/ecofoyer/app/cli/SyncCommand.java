package org.ecofoyer.app.cli;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.ecofoyer.app.UtilityWiring;
import org.ecofoyer.app.config.EcofoyerConfig;
import org.ecofoyer.core.MeterCode;
import org.ecofoyer.core.MeterKind;
import org.ecofoyer.ingest.sync.SyncProgress;
import org.ecofoyer.ingest.sync.SyncReport;
import org.ecofoyer.ingest.writer.ReadingWriter;
import org.ecofoyer.ingest.sync.SyncState;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.Jdbc;
import org.ecofoyer.storage.Meters;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code ecofoyer sync}: fetch utility data now (Gazpar gas, Téléo water, Enedis electricity), with a progress bar. */
@Command(name = "sync", description = {"Fetch utility data now: Gazpar gas (GRDF), Téléo water (Eau du Grand Lyon),",
        "Enedis electricity. The first sync of a meter backfills its whole history."})
public class SyncCommand implements Callable<Integer> {
    private static final int BAR = 30;

    @ParentCommand
    EcofoyerCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--meter-id", paramLabel = "ID", description = "The meter to sync (its code).")
    String meterId;

    @Option(names = "--all", description = "Sync every Gazpar, Téléo and Enedis meter.")
    boolean all;

    @Option(names = "--from", paramLabel = "DATE", description = "First day to fetch (YYYY-MM-DD), with --meter-id;"
            + " default: the whole history on the first sync, then from the last synced day or 10 days back.")
    String from;

    @Option(names = "--status", description = "Show each utility meter's sync state and exit.")
    boolean status;

    @Option(names = "--connect", paramLabel = "KIND:ID", description = {"With --meter-id and --household: register the"
            + " household's meter first, e.g. GAZPAR:<PCE>, TELEO:<water contract>, ENEDIS_API:<PRM>, then sync it."})
    String connect;

    @Option(names = "--household", paramLabel = "ID", description = "The household a meter is connected to (with --connect).")
    String household;

    @Override
    public Integer call() throws Exception {
        if ((meterId == null ? 0 : 1) + (all ? 1 : 0) + (status ? 1 : 0) != 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "say which meters: --meter-id ID, --all or --status");
        }
        LocalDate fromDay = null;
        if (from != null) {
            if (meterId == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--from goes with --meter-id");
            }
            try {
                fromDay = LocalDate.parse(from);
            } catch (DateTimeParseException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--from: expected a date YYYY-MM-DD, got '" + from + "'");
            }
        }
        MeterKind connectKind = null;
        String connectId = null;
        if (connect != null || household != null) {
            if (connect == null || household == null || meterId == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--connect goes with --meter-id and --household");
            }
            String[] connecting = connect.split(":", 2);
            connectKind = connecting.length == 2 && !connecting[1].isBlank() ? utilityKind(connecting[0]) : null;
            if (connectKind == null) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--connect: expected GAZPAR:<PCE>, TELEO:<contract> or ENEDIS_API:<PRM>, got '" + connect + "'");
            }
            connectId = connecting[1].trim();
        }
        EcofoyerConfig cfg = parent.config();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Vertx vertx = Vertx.vertx();
        try (Database db = Stores.openBesideServerMigrated(cfg)) {
            Jdbc jdbc = new Jdbc(vertx, db.dataSource(), Math.min(4, cfg.storage().poolSize()));
            ReadingWriter writer = Stores.writer(db, cfg, parent.clock());
            try (UtilityWiring utilities = UtilityWiring.create(vertx, jdbc, writer, cfg.utility(), false)) {
                if (status) {
                    return printStatus(utilities, jdbc, out);
                }
                if (connectKind != null) {
                    await(utilities.sync().connect(meterId, household, connectKind, connectId));
                    out.printf("%s: connected to household %s as %s %s%n", meterId, household, connectKind, connectId);
                }
                ProgressBar bar = new ProgressBar(out);
                List<SyncReport> reports = all
                        ? await(utilities.sync().syncAll(bar))
                        : List.of(await(utilities.sync().sync(meterId, fromDay, bar)));
                bar.finish();
                int failed = 0;
                for (SyncReport r : reports) {
                    if (r.ok()) {
                        out.printf("%s: %d day(s) from %s to %s, %d reading(s)%s%n", r.meter(), r.days(), r.from(),
                                r.to().minusDays(1), r.readings(), r.skipped() == 0 ? "" : ", " + r.skipped() + " unusable record(s) skipped");
                    } else {
                        failed++;
                        err.printf("ecofoyer: %s: %s%s%n", r.meter(), r.error().getMessage(),
                                r.days() > 0 ? " (" + r.days() + " day(s) stored before it stopped; the next sync resumes there)" : "");
                    }
                }
                if (reports.isEmpty()) {
                    out.println("no Gazpar, Téléo or Enedis meter to sync");
                }
                return failed == 0 ? 0 : 1;
            } finally {
                writer.close();
                jdbc.close();
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private int printStatus(UtilityWiring utilities, Jdbc jdbc, PrintWriter out) throws Exception {
        List<String> codes = await(jdbc.run(c -> Meters.codesOf(c, MeterKind.utilities()).stream().map(MeterCode::value).toList()));
        for (String code : codes) {
            SyncState s = await(utilities.sync().state(code));
            if (s == null) {
                out.printf("%s: never synced%n", code);
            } else {
                out.printf("%s: synced up to %s, last success %s, next run %s%s%n", code,
                        s.cursor() == null ? "-" : s.cursor().minusDays(1), s.lastSuccess() == null ? "never" : s.lastSuccess(),
                        s.nextRun(), s.lastError() == null ? "" : "; last error: " + s.lastError());
            }
        }
        return 0;
    }

    /** A kind synced from a utility, in any case; null for anything else. */
    private static MeterKind utilityKind(String s) {
        try {
            MeterKind kind = MeterKind.valueOf(s.toUpperCase(java.util.Locale.ROOT));
            return kind.fromUtility() ? kind : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static <T> T await(Future<T> f) throws Exception {
        try {
            return f.toCompletionStage().toCompletableFuture().get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    /** {@code gas  [##########..........]  33% 365/1095 days}, redrawn in place. */
    static final class ProgressBar implements SyncProgress {
        private final PrintWriter out;
        private boolean drawn;

        ProgressBar(PrintWriter out) {
            this.out = out;
        }

        @Override
        public synchronized void update(String meter, int done, int total) {
            int pct = total == 0 ? 100 : (int) (100L * done / total);
            int filled = total == 0 ? BAR : (int) ((long) BAR * done / total);
            out.printf("\r%-16s [%s%s] %3d%% %d/%d days", meter, "#".repeat(filled), ".".repeat(BAR - filled), pct, done, total);
            if (done == total) {
                out.println();
                drawn = false;
            } else {
                drawn = true;
            }
            out.flush();
        }

        synchronized void finish() {
            if (drawn) {
                out.println();
            }
        }
    }
}
