package org.ecofoyer.drivers.serial;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ecofoyer.tools.sim.MeterSimulator;

/** A simulated meter writing frames to one end of a pty pair, paced like a real one (faster, to keep tests short). */
final class SimulatedMeter implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    SimulatedMeter(Path end, MeterSimulator sim, long pauseMillis) {
        thread = new Thread(() -> {
            Instant t = Instant.parse("2026-02-01T12:00:00Z");
            try (OutputStream out = new FileOutputStream(end.toFile())) {
                while (running.get()) {
                    out.write(sim.next(t).bytes());
                    out.flush();
                    t = t.plusSeconds(1);
                    Thread.sleep(pauseMillis); // the meter's pace, not synchronisation
                }
            } catch (IOException | InterruptedException e) {
                // the pty went away: the meter stops
            }
        }, "simulated-meter");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.interrupt();
        thread.join(5000);
    }
}
