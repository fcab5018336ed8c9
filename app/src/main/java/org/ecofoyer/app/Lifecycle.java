package org.ecofoyer.app;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.ecofoyer.storage.ShutdownSequence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one owner of the running product's start and stop: each service is declared once, when it has started, with
 * how it stops; {@link #close()} stops them in reverse order, each after the ones that depend on it. Registered with
 * the process's {@link ShutdownSequence}, so that SIGTERM, Ctrl-C and {@code systemctl stop} run the same stop as
 * {@code close()} — once, whichever comes first. A step that fails or times out is logged and the next still runs: the
 * database, started first, is always stopped, and stopped last.
 */
final class Lifecycle implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);

    /** How a started service stops; blocking (never called on an event loop). */
    @FunctionalInterface
    interface Stop {
        void run() throws Exception;
    }

    private record Step(String name, Stop stop) {
    }

    private final Deque<Step> started = new ArrayDeque<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private ShutdownSequence.Registration onExit;
    private boolean closed;

    /**
     * Declares a started service. If the lifecycle is stopping already (a SIGTERM during start-up), the service is
     * stopped at once and start-up ends with an exception.
     */
    void started(String name, Stop stop) {
        synchronized (this) {
            if (!closed) {
                started.push(new Step(name, stop));
                return;
            }
        }
        stop(new Step(name, stop));
        throw new IllegalStateException("stopped during start-up");
    }

    /**
     * From now on, the process's exit stops this lifecycle, before anything registered with the shutdown sequence earlier
     * (the database registers itself when it opens: this lifecycle stops it, last, itself).
     */
    synchronized void stopOnExit() {
        if (onExit == null && !closed) {
            onExit = ShutdownSequence.add("Ecofoyer", this::close);
        }
    }

    /** Waits for a start or stop step of Vert.x; only from a thread that may block (main, the shutdown sequence). */
    static <T> T await(Future<T> step, Duration timeout) throws Exception {
        return step.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops every started service, the last started first; once. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (onExit != null) {
            onExit.close();
        }
        boolean any = !started.isEmpty();
        if (any) {
            LOG.info("stopping");
        }
        while (!started.isEmpty()) {
            stop(started.pop());
        }
        if (any) {
            LOG.info("stopped");
        }
        stopped.countDown();
    }

    /** Blocks until {@link #close()} has stopped everything, whoever called it. */
    void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    private static void stop(Step step) {
        try {
            step.stop.run();
        } catch (Exception e) {
            LOG.warn("{} did not stop cleanly: {}", step.name, e.toString());
        }
    }
}
