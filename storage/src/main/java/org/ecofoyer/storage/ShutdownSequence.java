package org.ecofoyer.storage;

import java.util.ArrayDeque;
import java.util.Deque;
import org.ecofoyer.core.runtime.NamedThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's one JVM shutdown hook (SIGTERM, Ctrl-C, {@code systemctl stop}, {@code System.exit}): it runs the stops
 * registered here one after the other, the last registered first, so that what started last stops first — the
 * product's services, then the database they write to.
 *
 * <p>Nothing else in the process may stop on a hook of its own: the JVM starts all its hooks at once, in no order, so a
 * second hook races this sequence (the embedded PostgreSQL library's hook did, closing the database under the writer;
 * {@link Database} turns it off and registers here instead). A stop that its owner runs itself is unregistered first
 * ({@link Registration#close()}), so that nothing is stopped twice.
 */
public final class ShutdownSequence {
    private static final Logger LOG = LoggerFactory.getLogger(ShutdownSequence.class);
    private static final ShutdownSequence PROCESS = new ShutdownSequence();

    /** A registered stop; {@link #close()} unregisters it without running it (its owner stops it). */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    private final class Entry implements Registration {
        final String name;
        final Runnable stop;

        Entry(String name, Runnable stop) {
            this.name = name;
            this.stop = stop;
        }

        @Override
        public void close() {
            synchronized (ShutdownSequence.this) {
                stops.remove(this);
            }
        }
    }

    private final Deque<Entry> stops = new ArrayDeque<>();
    private boolean hookInstalled;

    ShutdownSequence() {
    }

    /** Registers {@code stop} to run when the process exits, before everything registered earlier. */
    public static Registration add(String name, Runnable stop) {
        return PROCESS.register(name, stop);
    }

    synchronized Registration register(String name, Runnable stop) {
        if (this == PROCESS && !hookInstalled) {
            try {
                Runtime.getRuntime().addShutdownHook(NamedThreads.thread("shutdown", this::runAll));
                hookInstalled = true;
            } catch (IllegalStateException exiting) {
                // the hook is running already: it runs this stop too, with the others
            }
        }
        Entry e = new Entry(name, stop);
        stops.addLast(e);
        return e;
    }

    private synchronized Entry next() {
        return stops.pollLast();
    }

    /** Runs every registered stop, the last registered first; one that fails does not keep the next from running. */
    void runAll() {
        for (Entry e = next(); e != null; e = next()) {
            try {
                e.stop.run();
            } catch (RuntimeException | Error x) {
                LOG.warn("{} did not stop cleanly: {}", e.name, x.toString());
            }
        }
    }
}
