package org.ecofoyer.aggregation.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.ecofoyer.storage.Database;

/** What the store's database tests set up and count, in one place. */
final class TestRows {
    private TestRows() {
    }

    /** An electricity Linky of 6 kVA with a tariff option, in a household made if missing; returns its id. */
    static int electricityMeter(Database db, String household, String code, String option) throws SQLException {
        return meter(db, household, code, "ELECTRICITY", option);
    }

    /** A meter of a fluid (a Linky's kind, 6 kVA) with a tariff option, in a household made if missing; returns its id. */
    static int meter(Database db, String household, String code, String fluid, String option) throws SQLException {
        return meter(db, household, code, fluid, "LINKY_TIC", option, 6);
    }

    /** A meter of its fluid's usual kind (a Linky, a Gazpar) with a tariff option and level (null: none), in a household made if missing. */
    static int meter(Database db, String household, String code, org.ecofoyer.core.Fluid fluid, String option, Integer kva) throws SQLException {
        return meter(db, household, code, fluid.name(), fluid == org.ecofoyer.core.Fluid.GAS ? "GAZPAR" : "LINKY_TIC", option, kva);
    }

    private static int meter(Database db, String household, String code, String fluid, String kind, String option, Integer kva)
            throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO household (id) VALUES (?) ON CONFLICT DO NOTHING")) {
                ps.setString(1, household);
                ps.execute();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO meter (code, household_id, fluid, kind, tariff_option,"
                    + " subscribed_kva) VALUES (?, ?, ?, ?, ?, ?) RETURNING id")) {
                ps.setString(1, code);
                ps.setString(2, household);
                ps.setString(3, fluid);
                ps.setString(4, kind);
                ps.setString(5, option);
                ps.setObject(6, kva);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        }
    }

    /** Readings at Paris local times ("2026-01-31T12:00", value, ...), written as ingest does: the rows, then the dirty mark. */
    static void readingsAtParis(Database db, int meter, String channel, Object... localValue) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO reading (meter_id, channel, instant, value) VALUES (?, ?, ?, ?)")) {
            java.time.Instant earliest = null;
            for (int i = 0; i < localValue.length; i += 2) {
                java.time.Instant t = java.time.LocalDateTime.parse((String) localValue[i]).atZone(java.time.ZoneId.of("Europe/Paris")).toInstant();
                ps.setInt(1, meter);
                ps.setString(2, channel);
                ps.setTimestamp(3, java.sql.Timestamp.from(t));
                ps.setLong(4, ((Number) localValue[i + 1]).longValue());
                ps.addBatch();
                earliest = earliest == null || t.isBefore(earliest) ? t : earliest;
            }
            ps.executeBatch();
            org.ecofoyer.storage.RecomputeMarks.mark(c, meter, earliest);
        }
    }

    /** The one number a query gives. */
    static long count(Database db, String sql, Object... args) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
