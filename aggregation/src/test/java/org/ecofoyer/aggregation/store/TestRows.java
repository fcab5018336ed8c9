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
        try (Connection c = db.dataSource().getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO household (id) VALUES (?) ON CONFLICT DO NOTHING")) {
                ps.setString(1, household);
                ps.execute();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO meter (code, household_id, fluid, kind, tariff_option,"
                    + " subscribed_kva) VALUES (?, ?, ?, 'LINKY_TIC', ?, 6) RETURNING id")) {
                ps.setString(1, code);
                ps.setString(2, household);
                ps.setString(3, fluid);
                ps.setString(4, option);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
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
