package org.ecofoyer.aggregation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.Optional;

/** Meter look-ups the aggregation tools need (export by meter code, import creating a meter). Blocking. */
public final class AggregationMeters {
    private AggregationMeters() {
    }

    /** A meter as the export sees it. */
    public record Meter(int id, String code, String householdId, Fluid fluid, String tariffOption, ZoneId zone) {
    }

    public static Optional<Meter> byCode(Connection c, String code) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(RollupSql.METER_BY_CODE)) {
            ps.setString(1, code);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Meter(rs.getInt(1), rs.getString(2), rs.getString(3), Fluid.valueOf(rs.getString(4)),
                        rs.getString(6), ZoneId.of(rs.getString(8))));
            }
        }
    }

    /**
     * Creates household {@code code} and its Linky meter {@code code} if the meter does not exist; sets the tariff
     * option when given. Returns the meter.
     */
    public static Meter ensureElectricityMeter(Connection c, String code, String tariffOption) throws SQLException {
        Optional<Meter> existing = byCode(c, code);
        if (existing.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO household (id) VALUES (?) ON CONFLICT DO NOTHING")) {
                ps.setString(1, code);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO meter (code, household_id, fluid, kind, external_id, tariff_option)
                    VALUES (?, ?, 'ELECTRICITY', 'LINKY_TIC', ?, ?) ON CONFLICT (code) DO NOTHING""")) {
                ps.setString(1, code);
                ps.setString(2, code);
                ps.setString(3, code);
                ps.setString(4, tariffOption);
                ps.executeUpdate();
            }
        } else if (tariffOption != null && !tariffOption.equals(existing.get().tariffOption())) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE meter SET tariff_option = ? WHERE id = ?")) {
                ps.setString(1, tariffOption);
                ps.setInt(2, existing.get().id());
                ps.executeUpdate();
            }
        }
        return byCode(c, code).orElseThrow();
    }
}
