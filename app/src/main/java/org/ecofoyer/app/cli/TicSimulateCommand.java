package org.ecofoyer.app.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import org.ecofoyer.core.TariffOption;
import org.ecofoyer.drivers.gateway.GatewayFormat;
import org.ecofoyer.drivers.gateway.GatewayPayloads;
import org.ecofoyer.tools.sim.TicSerialWriter;
import org.ecofoyer.tools.sim.MeterSimulator;
import org.ecofoyer.drivers.tic.TicDecoder;
import org.ecofoyer.drivers.tic.TicFrame;
import org.ecofoyer.drivers.tic.TicMode;
import org.ecofoyer.tools.sim.MqttPublisher;
import org.eclipse.paho.mqttv5.common.MqttException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ecofoyer tic simulate}: a realistic meter on a serial port, in a file, or as an MQTT gateway. */
@Command(name = "simulate", description = {
    "Simulate a Linky meter: growing indexes, plausible power, the option's periods, valid checksums, optional corruption.",
    "Writes to a serial port (--port), a file (--out, '-' for standard output) or an MQTT broker as a gateway would"
        + " (--mqtt URL --topic T --format raw|tasmota|teleinfo2mqtt|zlinky|esphome)."})
class TicSimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--mode", required = true, paramLabel = "historique|standard", description = "TIC mode.")
    String mode;

    @Option(names = "--option", defaultValue = "base", paramLabel = "base|hphc|tempo|ejp", description = "Tariff option (default: ${DEFAULT-VALUE}).")
    String option;

    @Option(names = "--phases", defaultValue = "1", paramLabel = "1|3", description = "Single- or three-phase (default: ${DEFAULT-VALUE}).")
    int phases;

    @Option(names = "--producer", description = "Also inject energy (standard mode).")
    boolean producer;

    @Option(names = "--rate", paramLabel = "FRAMES_PER_S",
            description = "Frames per second of wall-clock time; 0 = as fast as possible (default: real time, one frame per --step).")
    Double rate;

    @Option(names = "--step", paramLabel = "SECONDS",
            description = "Meter time between frames (default: 1 in standard, 2 in historique, like a real meter).")
    Double step;

    @Option(names = "--frames", defaultValue = "0", paramLabel = "N", description = "Stop after N frames (default: run until Ctrl-C).")
    long frames;

    @Option(names = "--error-rate", defaultValue = "0", paramLabel = "P",
            description = "Probability that a group is corrupted in transit (its checksum then fails), 0 to 1 (default: ${DEFAULT-VALUE}).")
    double errorRate;

    @Option(names = "--start", paramLabel = "INSTANT", description = "Meter clock at the first frame, ISO-8601 (default: now).")
    String start;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed: meter number, power curve, corruption (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--port", paramLabel = "PATH", description = "Serial port to write to (at the mode's speed, 7E1).")
    String port;

    @Option(names = "--out", paramLabel = "FILE", description = "File to write raw TIC bytes to ('-' for standard output).")
    String out;

    @Option(names = "--mqtt", paramLabel = "URL", description = "MQTT broker, tcp://[user:password@]host:port.")
    String mqtt;

    @Option(names = "--topic", paramLabel = "T", description = "MQTT topic (for esphome: the node prefix).")
    String topic;

    @Option(names = "--format", defaultValue = "raw", paramLabel = "raw|tasmota|teleinfo2mqtt|zlinky|esphome",
            description = "MQTT payload format (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--username", description = "MQTT user name (or in the URL).")
    String username;

    @Option(names = "--password-file", paramLabel = "FILE", description = "File holding the MQTT password.")
    Path passwordFile;

    /** Where frames go. */
    private interface Sink extends AutoCloseable {
        void send(MeterSimulator.Frame f) throws Exception;
    }

    @Override
    public Integer call() throws Exception {
        MeterSimulator.Config cfg = config();
        int targets = (port != null ? 1 : 0) + (out != null ? 1 : 0) + (mqtt != null ? 1 : 0);
        if (targets != 1) {
            throw usage("say where the frames go: exactly one of --port PATH, --out FILE or --mqtt URL --topic T");
        }
        if (mqtt != null && topic == null) {
            throw usage("--mqtt needs --topic");
        }
        GatewayFormat fmt = parseFormat();
        double stepSeconds = step != null ? step : cfg.mode() == TicMode.STANDARD ? 1 : 2;
        double framesPerSecond = rate != null ? rate : 1 / stepSeconds;
        if (stepSeconds <= 0 || framesPerSecond < 0 || frames < 0) {
            throw usage("--step must be > 0, --rate >= 0 and --frames >= 0");
        }
        if (framesPerSecond == 0 && frames == 0 && out != null) {
            throw usage("--rate 0 with --out needs --frames, or the file would grow without end");
        }
        Instant t0 = startInstant();
        MeterSimulator sim = new MeterSimulator(cfg);
        long sent = 0;
        long corrupted = 0;
        long begin = System.nanoTime();
        try (Sink sink = sink(cfg, fmt)) {
            for (long i = 0; frames == 0 || i < frames; i++) {
                if (framesPerSecond > 0) {
                    long due = begin + (long) (i * 1e9 / framesPerSecond);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait); // pacing like a meter, nothing to synchronise with
                    }
                }
                MeterSimulator.Frame f = sim.next(t0.plusNanos((long) (i * stepSeconds * 1e9)));
                sink.send(f);
                sent++;
                corrupted += f.corruptedGroups();
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
            }
        }
        spec.commandLine().getErr().printf("simulated meter %s: %d frame(s) sent, %d group(s) corrupted%n", sim.serial(), sent, corrupted);
        return 0;
    }

    private MeterSimulator.Config config() {
        TicMode m = TicCommand.mode(spec, mode).orElseThrow(() -> usage("--mode: historique or standard (a meter has one mode)"));
        try {
            return new MeterSimulator.Config(m, TariffOption.named(option), phases, producer, seed, errorRate);
        } catch (IllegalArgumentException e) {
            throw usage("--" + e.getMessage().replace("errorRate:", "error-rate:").replace("unknown option", "option: unknown option"));
        }
    }

    private GatewayFormat parseFormat() {
        try {
            return GatewayFormat.parse(format);
        } catch (IllegalArgumentException e) {
            throw usage("--format: " + e.getMessage());
        }
    }

    private Instant startInstant() {
        if (start == null) {
            return Instant.now();
        }
        try {
            return java.time.OffsetDateTime.parse(start).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(start);
            } catch (DateTimeParseException e2) {
                throw usage("--start: expected an ISO-8601 instant such as 2026-01-15T18:00:00Z, got '" + start + "'");
            }
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    private Sink sink(MeterSimulator.Config cfg, GatewayFormat fmt) throws IOException, MqttException {
        if (port != null) {
            TicSerialWriter w = TicSerialWriter.open(port, cfg.mode());
            return new Sink() {
                @Override
                public void send(MeterSimulator.Frame f) throws IOException {
                    w.write(f.bytes());
                }

                @Override
                public void close() {
                    w.close();
                }
            };
        }
        if (out != null) {
            OutputStream os = out.equals("-") ? System.out : Files.newOutputStream(Path.of(out));
            return new Sink() {
                @Override
                public void send(MeterSimulator.Frame f) throws IOException {
                    os.write(f.bytes());
                }

                @Override
                public void close() throws IOException {
                    os.flush();
                    if (os != System.out) {
                        os.close();
                    }
                }
            };
        }
        String password = passwordFile == null ? null : Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
        MqttPublisher p = MqttPublisher.connect(mqtt, "ecofoyer-sim-" + UUID.randomUUID().toString().substring(0, 8), username, password);
        return new Sink() {
            @Override
            public void send(MeterSimulator.Frame f) throws MqttException {
                // Gateways publish what they decoded: corrupted groups are dropped before publishing, except in raw.
                if (fmt == GatewayFormat.RAW) {
                    p.publish(topic, f.bytes());
                    return;
                }
                Optional<TicFrame> frame = TicDecoder.decodeAll(Optional.of(cfg.mode()), f.bytes()).stream().findFirst();
                if (frame.isPresent() && frame.get().size() > 0) {
                    for (GatewayPayloads.Message m : GatewayPayloads.encode(fmt, topic, frame.get())) {
                        p.publish(m.topic(), m.payload());
                    }
                }
            }

            @Override
            public void close() {
                p.close();
            }
        };
    }

}
