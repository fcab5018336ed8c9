package org.ecofoyer.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Time-series tables are declared by the migration that creates them, with a row in {@code storage_timeseries}:
 * {@code INSERT INTO storage_timeseries (table_name, time_column, chunk_interval) VALUES (...)}. When TimescaleDB
 * is present each declared table becomes a hypertable (existing rows migrated); on plain PostgreSQL it stays an
 * ordinary table. Retention works on both: {@code drop_chunks} on hypertables, batched deletes elsewhere.
 */
public final class TimeSeriesTables {
    static final String DECLARED = "SELECT table_name, time_column, chunk_interval::text FROM storage_timeseries ORDER BY table_name";
    static final String CREATE_HYPERTABLE = "SELECT create_hypertable(?::regclass, ?::name, chunk_time_interval => ?::interval,"
            + " if_not_exists => true, migrate_data => true)";
    static final String IS_HYPERTABLE = "SELECT 1 FROM timescaledb_information.hypertables WHERE hypertable_name = ?";
    static final String DROP_CHUNKS = "SELECT count(*) FROM drop_chunks(?::regclass, older_than => ?::timestamptz)";

    private TimeSeriesTables() {
    }

    /** Converts every declared table into a hypertable when TimescaleDB is present; returns their names. */
    static List<String> convert(Connection c, Timescale timescale) throws SQLException {
        List<String> converted = new ArrayList<>();
        if (!timescale.present()) {
            return converted;
        }
        for (Declared t : declared(c)) {
            try (PreparedStatement ps = c.prepareStatement(CREATE_HYPERTABLE)) {
                ps.setString(1, t.table());
                ps.setString(2, t.timeColumn());
                ps.setString(3, t.chunkInterval());
                ps.execute();
            }
            converted.add(t.table());
        }
        return converted;
    }

    /** Whether {@code table} is a hypertable on this connection's database. */
    public static boolean isHypertable(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(IS_HYPERTABLE)) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            } 
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState()) || "3F000".equals(e.getSQLState())) {
                return false; // no timescaledb_information schema: plain PostgreSQL
            }
            throw e;
        }
    }

    /**
     * Deletes rows of a declared table older than {@code cutoff}: whole chunks (that end at or before it) on a
     * hypertable, batches of {@code batch} rows otherwise (so that a big delete never holds long locks). Returns the
     * chunks or rows removed.
     */
    public static long applyRetention(Connection c, String table, Instant cutoff, int batch) throws SQLException {
        Declared t = declared(c).stream().filter(d -> d.table().equals(table)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(table + " is not a declared time-series table"));
        if (isHypertable(c, table)) {
            try (PreparedStatement ps = c.prepareStatement(DROP_CHUNKS)) {
                ps.setString(1, table);
                ps.setTimestamp(2, Timestamp.from(cutoff));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        }
        // Identifiers come from storage_timeseries, written by our own migrations, never from users.
        String sql = "DELETE FROM " + t.table() + " WHERE ctid = ANY (ARRAY(SELECT ctid FROM " + t.table()
                + " WHERE " + t.timeColumn() + " < ? LIMIT ?))";
        long total = 0;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int n;
            do {
                ps.setTimestamp(1, Timestamp.from(cutoff));
                ps.setInt(2, batch);
                n = ps.executeUpdate();
                total += n;
                if (!c.getAutoCommit()) {
                    c.commit();
                }
            } while (n == batch && !Thread.currentThread().isInterrupted()); // a stop ends it between batches
        }
        return total;
    }

    private record Declared(String table, String timeColumn, String chunkInterval) {
    }

    private static List<Declared> declared(Connection c) throws SQLException {
        List<Declared> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(DECLARED); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Declared(rs.getString(1), rs.getString(2), rs.getString(3)));
            }
        }
        return out;
    }
}
