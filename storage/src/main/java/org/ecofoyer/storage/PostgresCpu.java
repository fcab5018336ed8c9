package org.ecofoyer.storage;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * CPU time of a PostgreSQL server running on this machine (the embedded store), for the benchmarks and
 * {@code ecofoyer bench}: on a shared machine their wall times measure mostly the wait for a core, CPU time what the work
 * cost (docs/capacity.md). Read from {@code /proc}: the postmaster's own time and that of its children already gone
 * (which it waited for), plus its live children's — every backend, the WAL writer, the checkpointer, autovacuum.
 */
public final class PostgresCpu {
    /** Linux reports process times in clock ticks of USER_HZ, 100 a second on every mainstream build. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private PostgresCpu() {
    }

    /** CPU time of the server {@code c} is connected to, in nanoseconds, or -1 when it is not a process of this machine. */
    public static long nanos(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return ofBackend(rs.getInt(1));
        }
    }

    static long ofBackend(int backendPid) {
        try {
            long[] backend = stat(Path.of("/proc", Integer.toString(backendPid), "stat"));
            if (backend == null) {
                return -1;
            }
            long postmaster = backend[0];
            long[] pm = stat(Path.of("/proc", Long.toString(postmaster), "stat"));
            if (pm == null) {
                return -1;
            }
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
