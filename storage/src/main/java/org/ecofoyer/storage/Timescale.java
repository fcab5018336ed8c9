package org.ecofoyer.storage;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What TimescaleDB offers on this server, read at run time: Debian's community (Apache-2) build has hypertables,
 * {@code time_bucket} and {@code drop_chunks}, but neither compression, continuous aggregates nor background
 * policies, which need the Timescale-licensed build.
 *
 * @param present               the extension is installed in this database
 * @param version               its version, or {@code null}
 * @param license               {@code apache} or {@code timescale}, or {@code null}
 * @param compression           native compression can be used
 * @param continuousAggregates  continuous aggregates can be created
 * @param backgroundPolicies    retention / compression policies run by background jobs exist
 */
public record Timescale(boolean present, String version, String license, boolean compression,
                        boolean continuousAggregates, boolean backgroundPolicies) {

    public static final Timescale ABSENT = new Timescale(false, null, null, false, false, false);

    /** Creates the extension when the server has it, and reports what it can do. */
    static Timescale enable(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            boolean available;
            try (ResultSet rs = st.executeQuery(
                    "SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb'")) {
                available = rs.next();
            }
            if (!available) {
                return ABSENT;
            }
            try {
                st.execute("CREATE EXTENSION IF NOT EXISTS timescaledb");
            } catch (SQLException e) {
                // Typically: not in shared_preload_libraries. Plain PostgreSQL serves every feature.
                return ABSENT;
            }
            return detect(c);
        }
    }

    static Timescale detect(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            String version;
            try (ResultSet rs = st.executeQuery("SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'")) {
                if (!rs.next()) {
                    return ABSENT;
                }
                version = rs.getString(1);
            }
            String license;
            try (ResultSet rs = st.executeQuery("SELECT current_setting('timescaledb.license', true)")) {
                rs.next();
                license = rs.getString(1);
            }
            boolean full = "timescale".equals(license);
            return new Timescale(true, version, license, full, full, full);
        }
    }
}
