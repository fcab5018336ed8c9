package org.ecofoyer.tools.load;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import org.ecofoyer.storage.PostgresCpu;

/**
 * What a benchmark's phase cost, as counters read before and after it: this JVM's CPU, the local PostgreSQL's CPU (its
 * postmaster's process tree, read from {@code /proc}), the WAL it wrote and its buffer reads and hits on the raw
 * tables. CPU, not wall time, because the benchmarks run on shared machines where wall time is mostly the wait for a
 * core (docs/capacity.md). PostgreSQL's CPU ({@link PostgresCpu}) is measured only when the server runs on this
 * machine (the embedded store): otherwise it is -1.
 */
record ServerCost(long jvmNanos, long pgNanos, long walBytes, long blocksRead, long blocksHit) {
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
            try (ResultSet rs = st.executeQuery("SELECT pg_current_wal_lsn() - '0/0'::pg_lsn")) {
                rs.next();
                wal = rs.getLong(1);
            }
            try (ResultSet rs = st.executeQuery(STATIO)) {
                rs.next();
                return new ServerCost(jvm, PostgresCpu.nanos(c), wal, rs.getLong(1), rs.getLong(2));
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
}
