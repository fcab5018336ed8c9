package org.ecofoyer.app.upgrade;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every row of every table of a database (Flyway's history aside), each value as PostgreSQL's text in UTC, so that two
 * moments of the same database can be compared table by table and column by column.
 *
 * @param tables table → its columns (in order) and its rows (sorted), each row a list of values in column order
 */
record TableSnapshot(Map<String, Table> tables) {
    static final String HISTORY = "flyway_schema_history";

    record Table(List<String> columns, List<List<String>> rows) {
        /** The rows projected on some of the columns, sorted (the multiset of those values). */
        List<String> rowsOn(List<String> on) {
            List<Integer> idx = on.stream().map(columns::indexOf).toList();
            List<String> out = new ArrayList<>();
            for (List<String> r : rows) {
                StringBuilder sb = new StringBuilder();
                for (int i : idx) {
                    sb.append(i < 0 ? "<no column>" : r.get(i) == null ? "NULL" : r.get(i)).append(" | ");
                }
                out.add(sb.toString());
            }
            out.sort(null);
            return out;
        }
    }

    static TableSnapshot of(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET TIME ZONE 'UTC'");
        }
        Map<String, List<String>> columns = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT c.table_name, c.column_name FROM information_schema.columns c
                  JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
                 WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND c.table_name <> ?
                 ORDER BY c.table_name, c.ordinal_position""")) {
            ps.setString(1, HISTORY);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.computeIfAbsent(rs.getString(1), t -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        Map<String, Table> tables = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> t : columns.entrySet()) {
            List<String> cols = t.getValue();
            String select = "SELECT " + String.join(", ", cols.stream().map(col -> "\"" + col + "\"::text").toList())
                    + " FROM \"" + t.getKey() + "\"";
            List<List<String>> rows = new ArrayList<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(select)) {
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= cols.size(); i++) {
                        row.add(rs.getString(i));
                    }
                    rows.add(row);
                }
            }
            rows.sort((a, b) -> String.join("\u0000", a.stream().map(String::valueOf).toList())
                    .compareTo(String.join("\u0000", b.stream().map(String::valueOf).toList())));
            tables.put(t.getKey(), new Table(cols, rows));
        }
        return new TableSnapshot(tables);
    }
}
