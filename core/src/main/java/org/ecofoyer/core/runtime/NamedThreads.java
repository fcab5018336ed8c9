package org.ecofoyer.core.runtime;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one factory of Ecofoyer's dedicated threads: the ingest writers, serial readers and dispatchers, the ingest
 * schedulers, the recompute pool, the shutdown sequence. Each is a daemon thread named {@code ecofoyer-<role>} (one
 * thread) or {@code ecofoyer-<role>-<n>} (a pool), so that a thread dump or a profile says whose every thread is, and
 * none keeps the JVM alive once the lifecycle has stopped its owner (the lifecycle, not the JVM's exit, stops them).
 * Vert.x's event loops and workers, and the threads of HikariCP and Paho, are named by their libraries.
 */
public final class NamedThreads {
    public static final String PREFIX = "ecofoyer-";

    private NamedThreads() {
    }

    /** A factory for a pool: threads {@code ecofoyer-<role>-1}, {@code -2}... */
    public static ThreadFactory pool(String role) {
        String base = PREFIX + check(role) + "-";
        AtomicInteger n = new AtomicInteger();
        return body -> daemon(base + n.incrementAndGet(), body);
    }

    /** A factory for a single-thread executor: its thread is {@code ecofoyer-<role>}. */
    public static ThreadFactory single(String role) {
        String name = PREFIX + check(role);
        return body -> daemon(name, body);
    }

    /** One dedicated thread {@code ecofoyer-<role>}, not started yet. */
    public static Thread thread(String role, Runnable body) {
        return daemon(PREFIX + check(role), body);
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }

    private static String check(String role) {
        if (role == null || role.isBlank()) {
            throw new IllegalArgumentException("role: expected a name such as ingest-writer, got '" + role + "'");
        }
        return role;
    }
}
