package org.ecofoyer.tools.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * What a benchmark's phase cost, as counters read before and after it: this JVM's CPU, the local PostgreSQL's CPU (its
 * postmaster's process tree, read from {@code /proc}), the WAL it wrote and its buffer reads and hits on the raw
 * tables. CPU, not wall time, because the benchmarks run on shared machines where wall time is mostly the wait for a
 * core (docs/capacity.md). PostgreSQL's CPU is measured only when the server runs on this machine (the embedded store):
 * otherwise it is -1.
 */
record ServerCost(long jvmNanos, long pgNanos, long walBytes, long blocksRead, long blocksHit) {
    /** Linux reports process times in clock ticks of USER_HZ, 100 a second on every mainstream build. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    /** Shared buffers read from the OS and found in the cache, for the raw tables, heap and indexes (TOAST included). */
    private static final String STATIO = "SELECT coalesce(sum(coalesce(heap_blks_read, 0) + coalesce(idx_blks_read, 0)"
            + " + coalesce(toast_blks_read, 0) + coalesce(tidx_blks_read, 0)), 0),"
            + " coalesce(sum(coalesce(heap_blks_hit, 0) + coalesce(idx_blks_hit, 0) + coalesce(toast_blks_hit, 0)"
            + " + coalesce(tidx_blks_hit, 0)), 0) FROM pg_statio_user_tables WHERE relname IN ('reading', 'reading_block')";

    static ServerCost sample(Connection c) throws SQLException {
        long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        try (Statement st = c.createStatement()) {
            st.execute("SELECT pg_stat_clear_snapshot()");
            long wal;
            int backend;
            try (ResultSet rs = st.executeQuery("SELECT pg_current_wal_lsn() - '0/0'::pg_lsn, pg_backend_pid()")) {
                rs.next();
                wal = rs.getLong(1);
                backend = rs.getInt(2);
            }
            try (ResultSet rs = st.executeQuery(STATIO)) {
                rs.next();
                return new ServerCost(jvm, postgresNanos(backend), wal, rs.getLong(1), rs.getLong(2));
            }
        }
    }

    /** This phase's cost: {@code after} less this. */
    ServerCost until(ServerCost after) {
        return new ServerCost(after.jvmNanos - jvmNanos, pgNanos < 0 || after.pgNanos < 0 ? -1 : after.pgNanos - pgNanos,
                after.walBytes - walBytes, after.blocksRead - blocksRead, after.blocksHit - blocksHit);
    }

    /** The phase's cost per reading, one line. */
    String perReading(long readings) {
        return String.format(Locale.ROOT, "jvm_cpu_us_per_reading=%.3f pg_cpu_us_per_reading=%s wal_bytes_per_reading=%.1f"
                        + " blocks_read=%d blocks_hit=%d", jvmNanos / 1e3 / readings,
                pgNanos < 0 ? "-" : String.format(Locale.ROOT, "%.3f", pgNanos / 1e3 / readings), (double) walBytes / readings,
                blocksRead, blocksHit);
    }

    /**
     * CPU of the PostgreSQL server a backend belongs to: its postmaster's own time and that of its children already gone
     * (which the postmaster waited for), plus the live children's. -1 when the backend is not a process of this machine.
     */
    static long postgresNanos(int backendPid) {
        try {
            long[] backend = stat(Path.of("/proc", Integer.toString(backendPid), "stat"));
            if (backend == null) {
                return -1;
            }
            long postmaster = backend[0];
            long[] pm = stat(Path.of("/proc", Long.toString(postmaster), "stat"));
            long ticks = pm[1] + pm[2] + pm[3] + pm[4];
            try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
                for (Path p : procs) {
                    long[] s = stat(p.resolve("stat"));
                    if (s != null && s[0] == postmaster) {
                        ticks += s[1] + s[2];
                    }
                }
            }
            return ticks * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** ppid, utime, stime, cutime, cstime of a process, or null when it is gone or not readable. */
    private static long[] stat(Path file) {
        String s;
        try {
            s = Files.readString(file);
        } catch (IOException e) {
            return null;
        }
        // the command name (field 2) may hold spaces and parentheses: the fields after it start after the last ')'
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        // f[0] is field 3 (state): ppid is field 4, utime..cstime fields 14..17
        return new long[] {Long.parseLong(f[1]), Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]), Long.parseLong(f[14])};
    }
}
