package org.ecofoyer.storage.backup;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Every row of every table of a store, as PostgreSQL spells the whole row, sorted: read independently of the backup's
 * own catalog queries and COPY (information_schema and plain SELECTs), so that a comparison checks the backup rather
 * than repeats it. Flyway's history is left out: its dates and timings are the restoring migration's own.
 */
public final class TableContents {
    private TableContents() {
    }

    public static Map<String, List<String>> of(DataSource ds) throws SQLException {
        Map<String, List<String>> out = new TreeMap<>();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("SET TimeZone = 'UTC'");
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                    + " AND table_type = 'BASE TABLE' AND table_name <> 'flyway_schema_history'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String t : tables) {
                List<String> rows = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("SELECT x::text FROM \"" + t + "\" x ORDER BY 1")) {
                    while (rs.next()) {
                        rows.add(rs.getString(1));
                    }
                }
                out.put(t, rows);
            }
        }
        return out;
    }

    public static long nextValue(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
