package org.ecofoyer.app.cli;

import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.ecofoyer.aggregation.store.Recompute;
import org.ecofoyer.app.config.EcofoyerConfig;
import org.ecofoyer.ingest.writer.Quarantine;
import org.ecofoyer.ingest.writer.ReadingWriter;
import org.ecofoyer.storage.Database;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ecofoyer quarantine ...}: the readings held out of the store because their instant or value cannot be
 * trusted (docs/architecture.md, "Quarantine"): list them, release them through the writer's checks again, drop them.
 */
@Command(name = "quarantine", description = "List, release or drop readings held in quarantine.",
        subcommands = {QuarantineCommand.ListHeld.class, QuarantineCommand.Release.class, QuarantineCommand.Drop.class})
public class QuarantineCommand implements Runnable {
    @ParentCommand
    EcofoyerCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: try 'ecofoyer quarantine list'");
    }

    /** {@code 2 future_instant, 1 before_horizon}. */
    static String describe(Map<String, ? extends Number> byReason) {
        return byReason.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
    }

    /** Which quarantined readings a command works on: ids, or a meter (and a reason). */
    static final class SelectionOptions {
        @Parameters(paramLabel = "ID", arity = "0..*", description = "Ids from 'ecofoyer quarantine list'.")
        List<Long> ids;
        @Option(names = "--meter", paramLabel = "CODE", description = "This meter's quarantined readings.")
        String meter;
        @Option(names = "--reason", paramLabel = "R", description = "With --meter: only this reason's.")
        String reason;

        /** By ids, or by meter and reason; {@code requireReasonWithMeter} for drop (never a whole meter by mistake). */
        Quarantine.Selection selection(CommandLine cl, boolean requireReasonWithMeter) {
            boolean byIds = ids != null && !ids.isEmpty();
            if (byIds == (meter != null)) {
                throw new CommandLine.ParameterException(cl, "give the ids of quarantined readings (see 'ecofoyer quarantine list'),"
                        + " or --meter CODE, not both");
            }
            if (byIds && reason != null) {
                throw new CommandLine.ParameterException(cl, "--reason goes with --meter, not with ids");
            }
            if (!byIds && requireReasonWithMeter && reason == null) {
                throw new CommandLine.ParameterException(cl, "--meter needs --reason here (say which readings to drop)");
            }
            return byIds ? Quarantine.Selection.ids(ids) : Quarantine.Selection.of(meter, reason);
        }
    }

    @Command(name = "list", description = "List readings held in quarantine, oldest first.")
    static class ListHeld implements Callable<Integer> {
        @ParentCommand
        QuarantineCommand quarantine;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--meter", paramLabel = "CODE", description = "Only this meter's.")
        String meter;
        @Option(names = "--reason", paramLabel = "R", description = "Only this reason's (future_instant, before_horizon, negative_value, ...).")
        String reason;
        @Option(names = "--limit", paramLabel = "N", defaultValue = "1000", description = "At most N readings (default ${DEFAULT-VALUE}).")
        int limit;
        @Option(names = "--json", description = "One JSON object per line instead of a table.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            if (limit < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--limit: expected a positive number, got " + limit);
            }
            EcofoyerConfig cfg = quarantine.parent.config();
            PrintWriter out = spec.commandLine().getOut();
            try (Database db = Stores.openBesideServerMigrated(cfg); Connection c = db.dataSource().getConnection()) {
                List<Quarantine.Held> held = Quarantine.list(c, Quarantine.Selection.of(meter, reason), limit);
                for (Quarantine.Held h : held) {
                    if (json) {
                        out.println(new JsonObject().put("id", h.id()).put("meter", h.meter()).put("channel", h.channel())
                                .put("instant", h.instant().toString()).put("value", h.value()).put("reason", h.reason())
                                .put("source", h.source()).put("detail", h.detail()).put("received_at", h.receivedAt().toString())
                                .put("checked_at", h.checkedAt().toString()).encode());
                    } else {
                        out.printf("%d\t%s\t%s\t%s\t%d\t%s\t%s\t%s%n", h.id(), h.meter(), h.channel(), h.instant(), h.value(),
                                h.reason(), h.source(), h.detail() == null ? "" : h.detail());
                    }
                }
                if (!json) {
                    Map<String, Long> all = Quarantine.countByReason(c);
                    out.printf("%d listed; held in quarantine: %s%n", held.size(), all.isEmpty() ? "none" : describe(all));
                }
            }
            return 0;
        }
    }

    @Command(name = "release", description = "Submit quarantined readings again through the writer's checks;"
            + " what still fails stays, with its reason updated. Rollups are updated.")
    static class Release implements Callable<Integer> {
        @ParentCommand
        QuarantineCommand quarantine;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        SelectionOptions select;

        @Override
        public Integer call() throws Exception {
            CommandLine cl = spec.commandLine();
            Quarantine.Selection s = select.selection(cl, false);
            EcofoyerConfig cfg = quarantine.parent.config();
            try (Database db = Stores.openBesideServerMigrated(cfg)) {
                ReadingWriter writer = Stores.writer(db, cfg, quarantine.parent.clock());
                Quarantine.Released r;
                try {
                    r = Quarantine.release(db.dataSource(), writer, s);
                } finally {
                    writer.close();
                }
                Recompute.Stats stats = Stores.recomputeDirty(db, cfg, quarantine.parent.clock());
                cl.getOut().printf("%d reading(s) released into the store%s; %s; rollups updated for %d meter(s)%n", r.released(),
                        r.superseded() == 0 ? "" : ", " + r.superseded() + " left quarantine because another value was already"
                                + " stored under their meter, channel and instant",
                        r.stillHeldTotal() == 0 ? "none still held" : r.stillHeldTotal() + " still held in quarantine, failing again: "
                                + describe(r.stillHeld()), stats.meters());
            }
            return 0;
        }
    }

    @Command(name = "drop", description = "Delete quarantined readings for good.")
    static class Drop implements Callable<Integer> {
        @ParentCommand
        QuarantineCommand quarantine;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        SelectionOptions select;

        @Override
        public Integer call() throws Exception {
            CommandLine cl = spec.commandLine();
            Quarantine.Selection s = select.selection(cl, true);
            EcofoyerConfig cfg = quarantine.parent.config();
            try (Database db = Stores.openBesideServerMigrated(cfg); Connection c = db.dataSource().getConnection()) {
                int n = Quarantine.drop(c, s);
                cl.getOut().printf("%d quarantined reading(s) dropped%n", n);
            }
            return 0;
        }
    }
}
