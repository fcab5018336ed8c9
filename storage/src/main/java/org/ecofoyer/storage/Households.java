package org.ecofoyer.storage;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ecofoyer.core.Household;
import org.ecofoyer.core.HouseholdId;

/**
 * The one owner of the {@code household} table's rows: every module creates, finds and erases households here. Other
 * modules may join {@code household} in their own statements (to scope their rows by household, or to take its time
 * zone), but never query it alone or write it.
 *
 * <p>Look-ups take the id as any text (an id that no household can have is simply not found, as before it was typed);
 * writes take a {@link HouseholdId}. Blocking JDBC on the caller's connection, in its transaction if it has one.
 */
public final class Households {
    private Households() {
    }

    public static Optional<Household> find(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(CoreModelSql.HOUSEHOLD)) {
            ps.setString(1, id);
            List<Household> found = read(ps);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }
    }

    /** Every household, by id (the operator's list). */
    public static List<Household> list(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(CoreModelSql.HOUSEHOLDS)) {
            return read(ps);
        }
    }

    /**
     * Creates a household in a time zone; false, and nothing written, when the id is taken (unlike {@link #create},
     * which tools call to make sure one exists, an operator adding a household must hear that the id is someone's).
     */
    public static boolean add(Connection c, HouseholdId id, String name, ZoneId zone) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(CoreModelSql.ADD_HOUSEHOLD)) {
            ps.setString(1, id.value());
            ps.setString(2, name);
            ps.setString(3, zone.getId());
            return ps.executeUpdate() > 0;
        }
    }

    private static List<Household> read(PreparedStatement ps) throws SQLException {
        List<Household> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                BigDecimal surface = rs.getBigDecimal(4);
                out.add(new Household(new HouseholdId(rs.getString(1)), rs.getString(2), ZoneId.of(rs.getString(3)),
                        surface == null ? null : surface.doubleValue(), (Integer) rs.getObject(5), rs.getString(6),
                        rs.getTimestamp(7).toInstant()));
            }
        }
        return out;
    }

    public static boolean exists(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(CoreModelSql.HOUSEHOLD_EXISTS)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Creates a household with default settings unless it exists (an existing one is kept as it is); whether it was new. */
    public static boolean create(Connection c, HouseholdId id, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(CoreModelSql.CREATE_HOUSEHOLD)) {
            ps.setString(1, id.value());
            ps.setString(2, name);
            return ps.executeUpdate() > 0;
        }
    }

    /**
     * Deletes a household and, through the foreign keys' cascades and the triggers of the modules that keep rows without
     * one (readings, rollups), everything stored about it: its meters, their readings, events, sync state, marks and
     * rollups, its accounts, sessions, invitations and consents. Its access log stays (no foreign key, on purpose: the
     * dashboard erases it itself). Whether there was one.
     */
    public static boolean erase(Connection c, HouseholdId id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(CoreModelSql.DELETE_HOUSEHOLD)) {
            ps.setString(1, id.value());
            return ps.executeUpdate() > 0;
        }
    }
}
