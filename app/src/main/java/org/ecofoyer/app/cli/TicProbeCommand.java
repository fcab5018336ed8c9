package org.ecofoyer.app.cli;

import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.ecofoyer.drivers.serial.TicSerialReader;
import org.ecofoyer.drivers.tic.TicFrame;
import org.ecofoyer.drivers.tic.TicMode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ecofoyer tic probe PORT}: for installers, checks a serial dongle and shows live frames. */
@Command(name = "probe", description = {
    "Open a serial port, find the TIC mode and speed, then show live decoded frames (meter id, tariff, period, main index,"
        + " power) and a rolling error rate. Stop with Ctrl-C, or after --frames frames.",
    "Exit 0 when frames were seen, 1 when none came within --timeout seconds."})
class TicProbeCommand implements Callable<Integer> {
    private static final int WINDOW = 20;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PORT", description = "The serial port, e.g. /dev/ttyUSB0 or /dev/serial/by-id/...")
    String port;

    @Option(names = "--mode", defaultValue = "auto", paramLabel = "auto|historique|standard",
            description = "TIC mode, or auto (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--speed", defaultValue = "auto", paramLabel = "auto|1200|9600",
            description = "Serial speed, or auto to try both (default: ${DEFAULT-VALUE}; with a fixed --mode, that mode's speed).")
    String speed;

    @Option(names = "--json", description = "Print frames in the 'tic decode' JSON format instead of a summary line.")
    boolean json;

    @Option(names = "--frames", defaultValue = "0", paramLabel = "N", description = "Stop after N frames (default: run until Ctrl-C).")
    int frames;

    @Option(names = "--timeout", defaultValue = "30", paramLabel = "SECONDS",
            description = "Give up when no frame arrives for this long (default: ${DEFAULT-VALUE}).")
    int timeout;

    @Override
    public Integer call() throws InterruptedException {
        Optional<TicMode> m = TicCommand.mode(spec, mode);
        OptionalInt baud;
        try {
            baud = TicSerialReader.Settings.parseBaud(speed);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--speed: " + e.getMessage());
        }
        if (baud.isEmpty() && m.isPresent()) {
            baud = OptionalInt.of(m.get().baudRate());
        }
        if (frames < 0 || timeout <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--frames must be >= 0 and --timeout > 0");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BlockingQueue<TicFrame> queue = new LinkedBlockingQueue<>(1000);
        TicSerialReader.Settings settings = TicSerialReader.Settings.auto(port).withBaud(baud).withMode(m);
        err.printf("probing %s (mode %s, speed %s)...%n", port, m.map(TicMode::wireName).orElse("auto"),
                baud.isPresent() ? baud.getAsInt() : "auto");
        err.flush();
        int seen = 0;
        int clean = 0;
        Deque<int[]> window = new ArrayDeque<>();
        try (TicSerialReader reader = new TicSerialReader(settings, queue::offer).start()) {
            while (frames == 0 || seen < frames) {
                TicFrame f = queue.poll(timeout, TimeUnit.SECONDS);
                if (f == null) {
                    TicSerialReader.Stats s = reader.stats();
                    err.printf("ecofoyer: no TIC frame on %s for %d s (%s; %d bytes read, port %s). Check the wiring (I1/I2),"
                            + " that the dongle is the right device, and try --speed 1200 or 9600.%n", port, timeout,
                            s.decoder().summary(), s.bytes(), s.connected() ? "open" : "not open");
                    return seen > 0 ? verdict(err, seen, clean) : 1;
                }
                if (seen == 0) {
                    announce(out, reader, f);
                }
                seen++;
                if (f.size() > 0 && f.invalidGroups() == 0) {
                    clean++;
                }
                window.addLast(new int[] {f.size(), f.invalidGroups()});
                if (window.size() > WINDOW) {
                    window.removeFirst();
                }
                out.println(json ? TicJson.line(f) : summary(f, window));
                out.flush();
            }
        }
        return verdict(err, seen, clean);
    }

    /**
     * Frames that all failed are no finding: a forced mode that is not the meter's (its checksums differ) or a bad line
     * still yields frames, every group of them invalid. The probe succeeds only when one frame came through clean.
     */
    private int verdict(PrintWriter err, int seen, int clean) {
        if (clean > 0) {
            return 0;
        }
        err.printf("ecofoyer: no clean TIC frame on %s: each of the %d frame(s) had invalid groups. If --mode or --speed was"
                + " given, try without (the meter's mode may be the other one); else check the wiring (I1/I2) and the cable.%n", port, seen);
        err.flush();
        return 1;
    }

    private void announce(PrintWriter out, TicSerialReader reader, TicFrame f) {
        TicSerialReader.Stats s = reader.stats();
        String line;
        if (s.lineSettingsIgnored()) {
            line = String.format("found %s mode on %s; the port ignores line settings (a pseudo-terminal?), so its speed cannot be"
                    + " checked: a meter in this mode sends at %d baud", f.mode().wireName(), port, f.mode().baudRate());
        } else {
            line = String.format("found %s mode on %s at %d baud", f.mode().wireName(), port, reader.baud().orElse(f.mode().baudRate()));
        }
        if (json) {
            spec.commandLine().getErr().println(line);
        } else {
            out.println(line);
        }
    }

    private static String summary(TicFrame f, Deque<int[]> window) {
        long good = 0;
        long bad = 0;
        for (int[] w : window) {
            good += w[0];
            bad += w[1];
        }
        double rate = good + bad == 0 ? 0 : 100.0 * bad / (good + bad);
        String index = f.totalIndex().isPresent() ? f.totalIndex().getAsLong() + " Wh" : "-";
        return String.format("meter %s | tariff %s | period %s | index %s | power %s VA | errors %.1f%% (last %d frames)",
                f.meterId().orElse("?"), f.tariffOption().orElse("?"), f.currentPeriod().orElse("?"), index,
                f.apparentPower().isPresent() ? Long.toString(f.apparentPower().getAsLong()) : "-", rate, window.size());
    }
}
