package org.ecofoyer.ingest.source;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.ecofoyer.core.runtime.NamedThreads;
import org.ecofoyer.drivers.Reading;
import org.ecofoyer.drivers.serial.TicSerialReader;
import org.ecofoyer.drivers.tic.TicFrame;
import org.ecofoyer.drivers.tic.TicMode;
import org.ecofoyer.ingest.IngestMetrics;
import org.ecofoyer.ingest.pipeline.ReadingPipeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One serial TIC port (a verticle per port): the drivers' {@link TicSerialReader} decodes frames on its own thread;
 * they wait in a bounded buffer, and a dispatcher thread hands them to the {@link ReadingPipeline}. A serial line
 * cannot be paused nor replayed, so when the database is slower than the meter for long enough that the buffer is
 * full, the oldest frames (live data only) are dropped, counted ({@code ingest.readings.dropped{source=serial}}),
 * logged once per overflow with what the writer is doing, and shown on {@code /health} ({@code dropped_frames},
 * {@code overflowing}).
 *
 * <p>A line that stays open but brings no frame for {@link SerialPortConfig#silenceAfter()} (judged on the clock it is
 * given) is reported: {@code up} false on {@code /health} with "no frame for N s", {@code ingest.serial.silent{port}} at
 * 1, logged once; and recovered (logged once) when frames return.
 */
public final class SerialSource extends VerticleBase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SerialSource.class);
    public static final int DEFAULT_BUFFER_FRAMES = 1800; // ~30 min of standard-mode frames

    private final SerialPortConfig config;
    private final ReadingPipeline pipeline;
    private final IngestMetrics metrics;
    private final int bufferFrames;
    private final ArrayDeque<List<Reading>> buffer = new ArrayDeque<>();
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong invalidGroups = new AtomicLong();
    private final Clock clock;
    private final LineSilence silence;
    private final Counter silences;
    /** True from the first frame dropped until the buffer has room again: one log line per overflow. */
    private boolean overflowing;
    private TicSerialReader reader;
    private Thread dispatcher;
    private java.util.concurrent.ScheduledExecutorService watch;
    private volatile boolean running;

    public SerialSource(SerialPortConfig config, ReadingPipeline pipeline, int bufferFrames) {
        this(config, pipeline, bufferFrames, Clock.systemUTC());
    }

    /** @param clock stamps frames without a date of their own, and judges the line's silence */
    public SerialSource(SerialPortConfig config, ReadingPipeline pipeline, int bufferFrames, Clock clock) {
        this.config = config;
        this.pipeline = pipeline;
        this.metrics = pipeline.writer().metrics();
        this.bufferFrames = bufferFrames;
        this.clock = clock;
        this.silence = new LineSilence(config.silenceAfter(), clock.instant());
        Gauge.builder("ingest.serial.silent", silence, s -> s.silent() ? 1 : 0).tag("port", config.port())
                .description("1 while the serial line brings no frame (dongle present, meter silent)").register(metrics.registry());
        this.silences = Counter.builder("ingest.serial.silences").tag("port", config.port())
                .description("times the serial line fell silent").register(metrics.registry());
    }

    @Override
    public Future<?> start() {
        startNow();
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        close();
        return Future.succeededFuture();
    }

    /** Starts reading (without Vert.x). */
    public synchronized SerialSource startNow() {
        if (running) {
            return this;
        }
        running = true;
        dispatcher = NamedThreads.thread("serial-" + config.port(), this::dispatch);
        dispatcher.start();
        // Its own thread: the dispatcher may wait on a full writer, and silence must be seen all the same.
        watch = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(NamedThreads.single("serial-watch-" + config.port()));
        watch.scheduleWithFixedDelay(this::checkSilence, 500, 500, java.util.concurrent.TimeUnit.MILLISECONDS);
        reader = new TicSerialReader(TicSerialReader.Settings.auto(config.port()).withMode(config.mode().mode()), this::onFrame).start();
        LOG.info("serial source on {} for meter {} (mode {})", config.port(), config.meter(), config.mode().wireName());
        return this;
    }

    /** On the reader thread: never blocks, so that the port is always drained. */
    private void onFrame(TicFrame frame) {
        frames.incrementAndGet();
        Instant now = clock.instant();
        Instant before = silence.lastFrame();
        if (silence.frame(now) == LineSilence.Change.RECOVERED) {
            LOG.info("serial {} (meter {}): frames again after {} s without any", config.port(), config.meter(),
                    java.time.Duration.between(before, now).toSeconds());
        }
        metrics.messageIn("serial");
        if (frame.invalidGroups() > 0) {
            metrics.reject(MqttSource.INVALID_GROUP, frame.invalidGroups());
            long n = invalidGroups.addAndGet(frame.invalidGroups());
            if (n == frame.invalidGroups() || n / 1000 != (n - frame.invalidGroups()) / 1000) {
                LOG.warn("serial {}: {} TIC group(s) dropped so far (bad checksum, length or charset; the rest of each frame"
                        + " is kept): check the wiring and the mode", config.port(), n);
            }
        }
        List<Reading> readings = frame.readings(config.meter(), frame.instant().orElse(now));
        if (readings.isEmpty()) {
            return;
        }
        synchronized (buffer) {
            if (buffer.size() >= bufferFrames) {
                List<Reading> oldest = buffer.pollFirst();
                dropped.incrementAndGet();
                metrics.dropped("serial", oldest.size());
                if (!overflowing) {
                    overflowing = true;
                    // A serial line cannot be paused: once per overflow, what is lost and why.
                    LOG.warn("serial {} (meter {}): the buffer of {} frames is full, the oldest are dropped ({} so far):"
                            + " the writer's queue holds {} of {} readings, database up: {}; counted in"
                            + " ingest_readings_dropped_total{source=serial} and on /health", config.port(), config.meter(),
                            bufferFrames, dropped.get(), pipeline.writer().queuedReadings(), pipeline.writer().capacity(),
                            pipeline.writer().databaseUp());
                }
            }
            buffer.addLast(readings);
            buffer.notifyAll();
        }
    }

    private void dispatch() {
        while (running) {
            List<Reading> next;
            synchronized (buffer) {
                while (running && buffer.isEmpty()) {
                    try {
                        buffer.wait(500);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                next = buffer.pollFirst();
                if (overflowing && buffer.isEmpty()) {
                    overflowing = false; // caught up: the next overflow is logged again
                    LOG.info("serial {}: the buffer has room again; {} frame(s) dropped in all", config.port(), dropped.get());
                }
            }
            if (next != null) {
                try {
                    pipeline.accept(config.meter(), next, "serial:" + config.port()); // blocks while the writer's queue is full
                } catch (RuntimeException e) {
                    LOG.warn("serial {}: frame not handed to the writer: {}", config.port(), e.toString());
                }
            }
        }
    }

    /** Every half-second on the watch thread (the only place silence is judged): logs a change once. */
    private void checkSilence() {
        try {
            judgeSilence();
        } catch (RuntimeException e) {
            LOG.warn("serial {}: silence check failed: {}", config.port(), e.toString());
        }
    }

    private void judgeSilence() {
        Instant now = clock.instant();
        if (silence.check(now) == LineSilence.Change.FELL_SILENT) {
            silences.increment();
            LOG.warn("serial {} (meter {}): no frame for {} s although the port is {}: check that the meter's TIC output is"
                    + " on, the wiring and the mode ({})", config.port(), config.meter(), silence.quietFor(now).toSeconds(),
                    reader != null && reader.stats().connected() ? "open" : "not open", config.mode().wireName());
        }
    }

    /** For {@code /health}: {@code up} is false while the port is closed or the line silent ({@code problem} says which). */
    public JsonObject health() {
        TicSerialReader.Stats s = reader == null ? null : reader.stats();
        Instant now = clock.instant();
        boolean open = s != null && s.connected();
        boolean silent = silence.silent();
        String problem = !open ? "port not open" : silent ? "no frame for " + silence.quietFor(now).toSeconds() + " s" : null;
        JsonObject h = new JsonObject().put("up", open && !silent).put("problem", problem).put("port", config.port())
                .put("meter", config.meter()).put("frames", frames.get()).put("last_frame", silence.lastFrame().toString())
                .put("silences", (long) silences.count()).put("dropped_frames", dropped.get()).put("invalid_groups", invalidGroups.get());
        if (s != null) {
            h.put("baud", s.baud()).put("outages", s.outages()).put("mode", reader.mode().map(TicMode::name).orElse(null));
        }
        synchronized (buffer) {
            h.put("buffered_frames", buffer.size()).put("buffer_frames", bufferFrames).put("overflowing", overflowing);
        }
        return h;
    }

    /** Stops reading; frames still buffered are handed over first when the writer takes them at once. */
    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        if (watch != null) {
            watch.shutdownNow();
        }
        if (reader != null) {
            reader.close();
        }
        running = false;
        synchronized (buffer) {
            buffer.notifyAll();
        }
        try {
            dispatcher.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
