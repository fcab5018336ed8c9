package org.ecofoyer.storage.backup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.flywaydb.core.api.MigrationVersion;

/** What the catalog says about the store's schema, on the caller's connection (and so in its snapshot). */
final class StoreCatalog {
    private StoreCatalog() {
    }

    static List<String> tables(Connection c) throws SQLException {
        return strings(c, BackupSql.TABLES);
    }

    static List<String> anyRelation(Connection c) throws SQLException {
        return strings(c, BackupSql.ANY_RELATION);
    }

    static List<String> columns(Connection c, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(BackupSql.COLUMNS)) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    static List<RestoreOrder.Edge> foreignKeys(Connection c) throws SQLException {
        List<RestoreOrder.Edge> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(BackupSql.FOREIGN_KEYS)) {
            while (rs.next()) {
                out.add(new RestoreOrder.Edge(rs.getString(1), rs.getString(2)));
            }
        }
        return out;
    }

    static List<BackupManifest.Sequence> sequences(Connection c) throws SQLException {
        List<BackupManifest.Sequence> out = new ArrayList<>();
        try (Statement st = c.createStatement()) {
            for (String name : strings(c, BackupSql.SEQUENCES)) {
                try (ResultSet rs = st.executeQuery(BackupSql.sequenceState(quote(name)))) {
                    rs.next();
                    out.add(new BackupManifest.Sequence(name, rs.getLong(1), rs.getBoolean(2)));
                }
            }
        }
        return out;
    }

    static List<BackupManifest.Migration> appliedMigrations(Connection c) throws SQLException {
        List<BackupManifest.Migration> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(BackupSql.APPLIED_MIGRATIONS)) {
            while (rs.next()) {
                out.add(new BackupManifest.Migration(rs.getString(1), rs.getString(2)));
            }
        }
        return out;
    }

    /** The newest version among those applied (out of order or not): what a restore migrates an empty store to. */
    static String schemaVersion(List<BackupManifest.Migration> applied) {
        return applied.stream().map(m -> MigrationVersion.fromVersion(m.version())).max(Comparator.naturalOrder())
                .map(MigrationVersion::getVersion)
                .orElseThrow(() -> new IllegalStateException("no migration was ever applied to this store"));
    }

    /** TimescaleDB's version in this database, or {@code null}. */
    static String timescaleVersion(Connection c) throws SQLException {
        List<String> v = strings(c, BackupSql.TIMESCALE_VERSION);
        return v.isEmpty() ? null : v.get(0);
    }

    static String serverVersion(Connection c) throws SQLException {
        return strings(c, BackupSql.SERVER_VERSION).get(0);
    }

    /** An identifier as SQL spells it whatever its characters (names come from the catalog). */
    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    static String quoteAll(List<String> identifiers) {
        return String.join(", ", identifiers.stream().map(StoreCatalog::quote).toList());
    }

    private static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
