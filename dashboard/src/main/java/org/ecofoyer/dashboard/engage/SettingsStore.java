package org.ecofoyer.dashboard.engage;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/** Reads and writes {@code engagement_settings}. */
public final class SettingsStore {
    private SettingsStore() {
    }

    public static EngageSettings of(Connection c, String household) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(EngageSql.SETTINGS)) {
            ps.setString(1, household);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return EngageSettings.DEFAULTS;
                }
                Set<AlertKind> kinds = EnumSet.noneOf(AlertKind.class);
                for (Object k : (Object[]) rs.getArray(1).getArray()) {
                    kinds.add(AlertKind.valueOf((String) k));
                }
                java.math.BigDecimal budget = rs.getBigDecimal(5);
                return new EngageSettings(kinds, rs.getBoolean(2), rs.getString(3), rs.getBoolean(4),
                        budget == null ? null : budget.doubleValue());
            }
        }
    }

    public static void save(Connection c, String household, EngageSettings s, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(EngageSql.SAVE_SETTINGS)) {
            Array kinds = c.createArrayOf("text", s.alertKinds().stream().map(Enum::name).toArray());
            ps.setString(1, household);
            ps.setArray(2, kinds);
            ps.setBoolean(3, s.emailAlerts());
            ps.setString(4, s.email());
            ps.setBoolean(5, s.reportEmail());
            ps.setBigDecimal(6, s.budgetEur() == null ? null : java.math.BigDecimal.valueOf(s.budgetEur()));
            ps.setTimestamp(7, Timestamp.from(now));
            ps.executeUpdate();
        }
    }
}
