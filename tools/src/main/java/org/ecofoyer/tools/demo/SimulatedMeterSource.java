package org.ecofoyer.tools.demo;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.ecofoyer.core.runtime.NamedThreads;
import org.ecofoyer.drivers.Reading;
import org.ecofoyer.drivers.tic.TicDecoder;
import org.ecofoyer.drivers.tic.TicFrame;
import org.ecofoyer.ingest.pipeline.ReadingPipeline;
import org.ecofoyer.tools.sim.MeterSimulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated Linky for the demo: the {@link MeterSimulator} emits TIC bytes, which go through
 * the real decoder and then the same {@link ReadingPipeline} as a serial port's frames. It can first replay the past
 * (history for the charts), then sends a frame every {@code interval} of wall-clock time.
 */
public final class SimulatedMeterSource implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedMeterSource.class);

    private final MeterSimulator simulator;
    private final String meter;
    private final ReadingPipeline pipeline;
    private final Duration interval;
    private final AtomicLong frames = new AtomicLong();
    private volatile boolean running;
    private Thread thread;
    private volatile Instant lastFrame;

    public SimulatedMeterSource(MeterSimulator simulator, String meter, ReadingPipeline pipeline, Duration interval) {
        this.simulator = simulator;
        this.meter = meter;
        this.pipeline = pipeline;
        this.interval = interval;
    }

    /**
     * Replays {@code history} up to now at one frame every {@code step} (blocking only while the writer's queue is full;
     * the pipeline downsamples as for a live meter). Returns the number of frames.
     */
    public long backfill(Duration history, Duration step) {
        Instant now = Instant.now();
        long n = 0;
        for (Instant t = now.minus(history); t.isBefore(now); t = t.plus(step)) {
            send(t);
            n++;
        }
        LOG.info("simulated meter {}: {} frames of history replayed ({} back)", meter, n, history);
        return n;
    }

    public SimulatedMeterSource start() {
        running = true;
        thread = NamedThreads.thread("simulated-" + meter, this::run);
        thread.start();
        return this;
    }

    private void run() {
        while (running) {
            try {
                send(Instant.now());
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("simulated meter {}: {}", meter, e.toString());
            }
        }
    }

    private Future<Void> send(Instant at) {
        byte[] bytes = simulator.next(at).bytes();
        frames.incrementAndGet();
        lastFrame = at;
        List<Reading> readings = new ArrayList<>();
        for (TicFrame f : TicDecoder.decodeAll(Optional.of(simulator.config().mode()), bytes)) {
            readings.addAll(f.readings(meter, f.instant().orElse(at)));
        }
        return pipeline.accept(meter, readings);
    }

    public JsonObject health() {
        return new JsonObject().put("up", running).put("meter", meter).put("serial", simulator.serial())
                .put("frames", frames.get()).put("last_frame", lastFrame == null ? null : lastFrame.toString());
    }

    @Override
    public void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
