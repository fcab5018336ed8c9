package org.ecofoyer.storage;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time for the benchmarks (test-jar): on a shared machine their wall times measure mostly the wait for a core, CPU
 * time what the work cost (docs/capacity.md).
 */
public final class CpuTime {
    private CpuTime() {
    }

    /** CPU time of this JVM, every thread and the GC included, in nanoseconds. */
    public static long jvmNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Whether {@link #postgresNanos()} measures anything: {@code -Dbench.pgCpu=FILE} is set. */
    public static boolean postgresMeasured() {
        return System.getProperty("bench.pgCpu") != null;
    }

    /**
     * CPU time of the embedded PostgreSQL, in nanoseconds, from the file {@code -Dbench.pgCpu} names: a cgroup's
     * {@code cpuacct.usage} holding only PostgreSQL's processes (capacity.md says how); 0 without it.
     */
    public static long postgresNanos() throws IOException {
        String f = System.getProperty("bench.pgCpu");
        return f == null ? 0 : Long.parseLong(Files.readString(Path.of(f)).trim());
    }

    /**
     * CPU time of the PostgreSQL server {@code c} is connected to, in nanoseconds: the cgroup file of
     * {@code -Dbench.pgCpu} when given, else the local server's processes ({@link PostgresCpu}); -1 when neither
     * measures it.
     */
    public static long postgresNanos(java.sql.Connection c) throws IOException, java.sql.SQLException {
        return postgresMeasured() ? postgresNanos() : PostgresCpu.nanos(c);
    }
}
