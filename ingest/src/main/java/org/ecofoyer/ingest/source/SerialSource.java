package org.ecofoyer.ingest.source;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
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
 * full, the oldest frames (live data only) are dropped and counted ({@code ingest.readings.dropped{source=serial}}).
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
    private TicSerialReader reader;
    private Thread dispatcher;
    private volatile boolean running;

    public SerialSource(SerialPortConfig config, ReadingPipeline pipeline, int bufferFrames) {
        this.config = config;
        this.pipeline = pipeline;
        this.metrics = pipeline.writer().metrics();
        this.bufferFrames = bufferFrames;
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
        reader = new TicSerialReader(TicSerialReader.Settings.auto(config.port()).withMode(config.mode().mode()), this::onFrame).start();
        LOG.info("serial source on {} for meter {} (mode {})", config.port(), config.meter(), config.mode().wireName());
        return this;
    }

    /** On the reader thread: never blocks, so that the port is always drained. */
    private void onFrame(TicFrame frame) {
        frames.incrementAndGet();
        metrics.messageIn("serial");
        if (frame.invalidGroups() > 0) {
            metrics.reject(MqttSource.INVALID_GROUP, frame.invalidGroups());
            long n = invalidGroups.addAndGet(frame.invalidGroups());
            if (n == frame.invalidGroups() || n / 1000 != (n - frame.invalidGroups()) / 1000) {
                LOG.warn("serial {}: {} TIC group(s) dropped so far (bad checksum, length or charset; the rest of each frame"
                        + " is kept): check the wiring and the mode", config.port(), n);
            }
        }
        List<Reading> readings = frame.readings(config.meter(), frame.instant().orElse(Instant.now()));
        if (readings.isEmpty()) {
            return;
        }
        synchronized (buffer) {
            if (buffer.size() >= bufferFrames) {
                List<Reading> oldest = buffer.pollFirst();
                dropped.incrementAndGet();
                metrics.dropped("serial", oldest.size());
                if (dropped.get() == 1 || dropped.get() % 1000 == 0) {
                    LOG.warn("serial {}: the database is not keeping up; {} oldest frame(s) dropped so far", config.port(), dropped.get());
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

    /** For {@code /health}. */
    public JsonObject health() {
        TicSerialReader.Stats s = reader == null ? null : reader.stats();
        JsonObject h = new JsonObject().put("up", s != null && s.connected()).put("port", config.port()).put("meter", config.meter())
                .put("frames", frames.get()).put("dropped_frames", dropped.get()).put("invalid_groups", invalidGroups.get());
        if (s != null) {
            h.put("baud", s.baud()).put("outages", s.outages()).put("mode", reader.mode().map(TicMode::name).orElse(null));
        }
        synchronized (buffer) {
            h.put("buffered_frames", buffer.size());
        }
        return h;
    }

    /** Stops reading; frames still buffered are handed over first when the writer takes them at once. */
    @Override
    public synchronized void close() {
        if (!running) {
            return;
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
