package org.ecofoyer.app.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.ecofoyer.app.config.ConfigLoader;
import org.ecofoyer.app.config.EcofoyerConfig;
import org.ecofoyer.drivers.gateway.GatewayFormat;
import org.ecofoyer.gateway.GatewayConfig;
import org.ecofoyer.tools.load.LoadTest;
import org.ecofoyer.storage.Database;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ecofoyer loadtest}: simulated gateways publish to a broker, the pipeline ingests, the database is checked.
 * The last line is {@code loadtest: gateways=N frames=F readings=R readings_per_s=X lost=L duplicates=D p99_commit_ms=Y}.
 */
@Command(name = "loadtest", description = {
        "Publish realistic frames from N simulated gateways to an MQTT broker, ingest them (in this process, or an",
        "'ecofoyer serve' with --external), then check that every reading that should be stored is there exactly once."})
public class LoadtestCommand implements Callable<Integer> {
    @ParentCommand
    EcofoyerCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--mqtt", required = true, paramLabel = "URL", description = "Broker, e.g. tcp://127.0.0.1:1883.")
    String mqtt;

    @Option(names = "--username", description = "Broker user (publishing and, in-process, subscribing).")
    String username;

    @Option(names = "--password", description = "Its password (or ECOFOYER_LOADTEST_PASSWORD).")
    String password;

    @Option(names = "--gateways", required = true, paramLabel = "N", description = "Simulated gateways (one meter each).")
    int gateways;

    @Option(names = "--rate", required = true, paramLabel = "FRAMES_PER_S_PER_GATEWAY",
            description = "Frames per second per gateway, at most 1 (a real Linky: 0.5).")
    double rate;

    @Option(names = "--duration", required = true, paramLabel = "D", converter = DurationConverter.class,
            description = "How long to publish: 30s, 10m, 1h.")
    Duration duration;

    @Option(names = "--format", defaultValue = "raw", description = "Gateway payload: raw or tasmota (default raw).")
    String format;

    @Option(names = "--external", description = "Only publish and check, against an 'ecofoyer serve' with the same configuration"
            + " (its ingest.gateways from --print-gateways).")
    boolean external;

    @Option(names = "--publishers", defaultValue = "4", description = "MQTT connections used to publish (default 4).")
    int publishers;

    @Option(names = "--instances", defaultValue = "1", description = "Ingest instances on one shared subscription (default 1,"
            + " in this process; more: each a process of its own on the configured database).")
    int instances;

    @Option(names = "--kill-one-after", paramLabel = "D", converter = DurationConverter.class,
            description = "SIGKILL the first instance this long after publishing starts, and never restart it.")
    Duration killOneAfter;

    @Option(names = "--print-gateways", description = "Print the ingest.gateways YAML an external server needs, then exit.")
    boolean printGateways;

    @Override
    public Integer call() throws Exception {
        GatewayFormat fmt;
        try {
            fmt = GatewayFormat.parse(format);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--format: " + e.getMessage());
        }
        if (fmt != GatewayFormat.RAW && fmt != GatewayFormat.TASMOTA) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--format: raw or tasmota");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (printGateways) {
            out.println("ingest:");
            out.println("  gateways:");
            for (GatewayConfig g : LoadTest.gateways(gateways, fmt)) {
                out.printf("    - { topic: \"%s\", meter: \"%s\", meter-serial: \"%s\", format: %s }%n", g.topic(), g.meter(),
                        g.meterSerial(), g.format().wireName());
            }
            out.flush();
            return 0;
        }
        LoadTest.Options options;
        try {
            options = new LoadTest.Options(mqtt, username, password != null ? password : System.getenv("ECOFOYER_LOADTEST_PASSWORD"),
                    gateways, rate, duration, fmt, external, publishers, instances, killOneAfter, null);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        EcofoyerConfig cfg = parent.config();
        try (Database db = Stores.openMigrated(cfg)) {
            if (instances > 1) {
                // the instances connect to the same store: the embedded server's URL names its user, an external one's
                // user and password come from the configuration
                options = new LoadTest.Options(options.mqttUrl(), options.username(), options.password(), gateways, rate, duration,
                        fmt, external, publishers, instances, killOneAfter, java.util.Arrays.asList(db.jdbcUrl(),
                        db.isEmbedded() ? "postgres" : cfg.storage().user(), db.isEmbedded() ? null : cfg.storage().password()));
            }
            LoadTest.Result r = new LoadTest(options, db.dataSource(), cfg.ingest(), out).run();
            return r.lost() == 0 && r.duplicates() == 0 && r.undrained() == null ? 0 : 1;
        }
    }

    /** {@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h}, or ISO-8601 {@code PT10M}, as in the configuration. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Duration d = ConfigLoader.parseDuration(value);
            if (d == null) {
                throw new CommandLine.TypeConversionException("expected a duration such as 30s, 10m or 1h, got '" + value + "'");
            }
            return d;
        }
    }
}
