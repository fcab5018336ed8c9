package org.ecofoyer.dashboard.consent;

import static org.ecofoyer.dashboard.DashboardSql.*;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The households that take part in "similar homes": their totals count, as aggregates of at least
 * {@code SimilarHomes.MIN_HOMES} homes and never alone, in the cohorts of households with a similar profile, and they
 * see the cohort card on their own pages. Opting in or out is the household's own choice, effective at once.
 */
public final class SimilarHomesMembers {
    private SimilarHomesMembers() {
    }

    public static void set(Connection c, String householdId, boolean member, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(member ? JOIN_SIMILAR_HOMES : LEAVE_SIMILAR_HOMES)) {
            ps.setString(1, householdId);
            if (member) {
                ps.setTimestamp(2, Timestamp.from(now));
            }
            ps.executeUpdate();
        }
    }

    /** Since when the household takes part, or empty. */
    public static Optional<Instant> since(Connection c, String householdId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SIMILAR_HOMES_MEMBER)) {
            ps.setString(1, householdId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getTimestamp(1).toInstant()) : Optional.empty();
            }
        }
    }

    public static List<String> all(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SIMILAR_HOMES_MEMBERS); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
