package org.ecofoyer.dashboard.engage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** What a household said of the ecogestures ({@code ecogesture_choice}): done, or not for me. */
public final class GestureChoices {
    public static final java.util.Set<String> STATUSES = java.util.Set.of("done", "not_for_me");

    private GestureChoices() {
    }

    public static Map<String, String> of(Connection c, String household) throws SQLException {
        Map<String, String> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(EngageSql.CHOICES)) {
            ps.setString(1, household);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    /** Records the choice; a null status takes it back. */
    public static void set(Connection c, String household, String gesture, String status, Instant at) throws SQLException {
        if (status == null) {
            try (PreparedStatement ps = c.prepareStatement(EngageSql.UNCHOOSE)) {
                ps.setString(1, household);
                ps.setString(2, gesture);
                ps.executeUpdate();
            }
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(EngageSql.CHOOSE)) {
            ps.setString(1, household);
            ps.setString(2, gesture);
            ps.setString(3, status);
            ps.setTimestamp(4, Timestamp.from(at));
            ps.executeUpdate();
        }
    }
}
