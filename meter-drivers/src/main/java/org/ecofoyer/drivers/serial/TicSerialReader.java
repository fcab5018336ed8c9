package org.ecofoyer.drivers.serial;

import com.fazecast.jSerialComm.SerialPort;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ecofoyer.core.runtime.NamedThreads;
import org.ecofoyer.drivers.tic.TicCounters;
import org.ecofoyer.drivers.tic.TicDecoder;
import org.ecofoyer.drivers.tic.TicListener;
import org.ecofoyer.drivers.tic.TicMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a Linky TIC from a serial port (jSerialComm): 7 data bits, even parity, 1 stop bit at 1200 or 9600 baud, or
 * {@code auto}: tries both and keeps the one that yields valid groups. One daemon thread only reads and hands the
 * bytes to a {@link TicDecoder}, whose listener is called on that thread (keep it short: hand frames off).
 *
 * <p>Unplug/replug: a read error or a port that cannot be opened starts an outage, logged once; the reader retries
 * with exponential backoff and logs once more when the port is back. Ports that ignore 7E1 (a Linux pseudo-terminal
 * stays 8N1, some cheap adapters too) are used anyway: the decoder masks the 8th bit.
 */
public final class TicSerialReader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TicSerialReader.class);
    private static final List<Integer> AUTO_ORDER = List.of(9600, 1200);

    /**
     * @param port         the device path, e.g. {@code /dev/ttyUSB0}
     * @param baud         1200 or 9600, empty for auto
     * @param mode         the TIC mode, empty to detect it from the stream
     * @param detectWindow how long to listen at one speed before trying the other (auto)
     * @param minBackoff   first wait after a failure
     * @param maxBackoff   longest wait between attempts
     */
    public record Settings(String port, OptionalInt baud, Optional<TicMode> mode, Duration detectWindow, Duration minBackoff,
                           Duration maxBackoff) {
        public Settings {
            Objects.requireNonNull(port, "port");
            if (baud.isPresent() && baud.getAsInt() != 1200 && baud.getAsInt() != 9600) {
                throw new IllegalArgumentException("baud: 1200 or 9600 (or auto), got " + baud.getAsInt());
            }
        }

        /** Auto speed and mode, 4 s detection window (a historique frame takes ~1.5 s at 1200 baud), backoff 0.5–30 s. */
        public static Settings auto(String port) {
            return new Settings(port, OptionalInt.empty(), Optional.empty(), Duration.ofSeconds(4), Duration.ofMillis(500),
                    Duration.ofSeconds(30));
        }

        public Settings withBaud(OptionalInt b) {
            return new Settings(port, b, mode, detectWindow, minBackoff, maxBackoff);
        }

        public Settings withMode(Optional<TicMode> m) {
            return new Settings(port, baud, m, detectWindow, minBackoff, maxBackoff);
        }

        public Settings withBackoff(Duration min, Duration max) {
            return new Settings(port, baud, mode, detectWindow, min, max);
        }

        public Settings withDetectWindow(Duration w) {
            return new Settings(port, baud, mode, w, minBackoff, maxBackoff);
        }

        /** Parses {@code auto}, {@code 1200} or {@code 9600}. */
        public static OptionalInt parseBaud(String s) {
            if (s == null || s.equalsIgnoreCase("auto")) {
                return OptionalInt.empty();
            }
            try {
                int b = Integer.parseInt(s.trim());
                if (b == 1200 || b == 9600) {
                    return OptionalInt.of(b);
                }
            } catch (NumberFormatException e) {
                // fall through
            }
            throw new IllegalArgumentException("speed '" + s + "': expected auto, 1200 or 9600");
        }
    }

    /**
     * @param bytes        bytes read
     * @param opens        successful opens
     * @param outages      times the port went away (or could not be opened at start)
     * @param openFailures failed open attempts
     * @param baud         the speed in use, 0 while none
     * @param connected    whether the port is open now
     * @param lineSettingsIgnored whether the port refused 7E1 (pseudo-terminal or limited adapter)
     * @param decoder      the decoder's counters
     */
    public record Stats(long bytes, long opens, long outages, long openFailures, int baud, boolean connected,
                        boolean lineSettingsIgnored, TicCounters decoder) {
    }

    private final Settings settings;
    private final TicDecoder decoder;
    private final AtomicBoolean running = new AtomicBoolean();
    private final Object sleeper = new Object();
    private Thread thread;
    private volatile SerialPort port;
    private volatile long bytes;
    private volatile long opens;
    private volatile long outages;
    private volatile long openFailures;
    private volatile int baud;
    private volatile boolean lineSettingsIgnored;
    private volatile TicCounters counters = TicCounters.ZERO;
    private volatile Optional<TicMode> lastMode = Optional.empty();

    public TicSerialReader(Settings settings, TicListener listener) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.decoder = TicDecoder.of(settings.mode(), listener);
    }

    /** Starts the reader thread. */
    public synchronized TicSerialReader start() {
        if (running.compareAndSet(false, true)) {
            thread = NamedThreads.thread("tic-serial-" + settings.port(), this::run);
            thread.start();
        }
        return this;
    }

    public Stats stats() {
        return new Stats(bytes, opens, outages, openFailures, baud, port != null, lineSettingsIgnored, counters);
    }

    /** The speed in use, once found. */
    public OptionalInt baud() {
        int b = baud;
        return b == 0 ? OptionalInt.empty() : OptionalInt.of(b);
    }

    /** The mode of the last frame with a valid group. */
    public Optional<TicMode> mode() {
        return settings.mode().isPresent() ? settings.mode() : lastMode;
    }

    @Override
    public void close() {
        running.set(false);
        synchronized (sleeper) {
            sleeper.notifyAll();
        }
        SerialPort p = port;
        if (p != null) {
            p.closePort();
        }
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ------------------------------------------------------------------ reader thread

    private void run() {
        Duration backoff = settings.minBackoff();
        boolean inOutage = false;
        int attempt = 0;
        Integer locked = settings.baud().isPresent() ? settings.baud().getAsInt() : null;
        byte[] buf = new byte[4096];
        while (running.get()) {
            int speed = locked != null ? locked : AUTO_ORDER.get(attempt++ % AUTO_ORDER.size());
            SerialPort p = open(speed);
            if (p == null) {
                if (!inOutage) {
                    inOutage = true;
                    outages++;
                    LOG.warn("TIC port {} unavailable; retrying with backoff up to {} s", settings.port(), settings.maxBackoff().toSeconds());
                }
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : backoff.multipliedBy(2);
                continue;
            }
            if (inOutage) {
                LOG.info("TIC port {} is back", settings.port());
                inOutage = false;
            }
            backoff = settings.minBackoff();
            port = p;
            baud = speed;
            long groupsBefore = decoder.counters().groups();
            long detectUntil = locked == null ? System.nanoTime() + settings.detectWindow().toNanos() : Long.MAX_VALUE;
            boolean failed = false;
            while (running.get()) {
                int n = p.readBytes(buf, buf.length);
                if (n < 0) {
                    failed = true;
                    break;
                }
                if (n > 0) {
                    bytes += n;
                    decoder.feed(buf, 0, n);
                    counters = decoder.counters();
                    lastMode = decoder.lastMode().or(() -> lastMode);
                }
                if (locked == null) {
                    if (decoder.counters().groups() - groupsBefore >= 2) {
                        locked = speed;
                        LOG.info("TIC port {}: valid groups at {} baud", settings.port(), speed);
                    } else if (System.nanoTime() > detectUntil) {
                        break; // nothing valid at this speed: try the other one
                    }
                }
            }
            decoder.endOfInput();
            counters = decoder.counters();
            port = null;
            baud = 0;
            p.closePort();
            if (failed && running.get()) {
                inOutage = true;
                outages++;
                LOG.warn("TIC port {} lost (unplugged?); reconnecting with backoff up to {} s", settings.port(),
                        settings.maxBackoff().toSeconds());
                sleep(backoff);
                if (settings.baud().isEmpty()) {
                    // After a replug, keep trying the speed that worked first.
                    attempt = AUTO_ORDER.indexOf(locked == null ? AUTO_ORDER.get(0) : locked);
                    locked = null;
                }
            }
        }
    }

    private SerialPort open(int speed) {
        SerialPort p;
        try {
            p = SerialPort.getCommPort(settings.port());
        } catch (RuntimeException e) {
            openFailures++;
            return null;
        }
        p.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, 250, 0);
        if (!p.openPort(0)) {
            openFailures++;
            LOG.debug("cannot open {} (error {})", settings.port(), p.getLastErrorCode());
            return null;
        }
        if (!p.setComPortParameters(speed, TicMode.DATA_BITS, SerialPort.ONE_STOP_BIT, SerialPort.EVEN_PARITY)) {
            if (!lineSettingsIgnored) {
                LOG.info("TIC port {} does not accept 7E1 at {} baud (pseudo-terminal or limited adapter); reading 8-bit bytes, 8th bit masked",
                        settings.port(), speed);
            }
            lineSettingsIgnored = true;
        }
        opens++;
        return p;
    }

    private void sleep(Duration d) {
        synchronized (sleeper) {
            if (!running.get()) {
                return;
            }
            try {
                sleeper.wait(Math.max(1, d.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running.set(false);
            }
        }
    }
}
