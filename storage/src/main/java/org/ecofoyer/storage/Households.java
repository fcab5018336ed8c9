package org.ecofoyer.storage;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.ecofoyer.core.Household;
import org.ecofoyer.core.HouseholdId;
import org.ecofoyer.core.HouseholdProfile;

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
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(household(rs)) : Optional.empty();
            }
        }
    }

    /** The households among {@code ids} that exist, with their profiles, by id (similar homes). */
    public static List<Household> among(Connection c, Collection<String> ids) throws SQLException {
        List<Household> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(CoreModelSql.HOUSEHOLDS_WITH_PROFILE)) {
            ps.setArray(1, c.createArrayOf("text", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(household(rs));
                }
            }
        }
        return out;
    }

    /** Replaces the household's profile (every field: null clears it); whether the household exists. */
    public static boolean setProfile(Connection c, HouseholdId id, HouseholdProfile p) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(CoreModelSql.SET_PROFILE)) {
            ps.setBigDecimal(1, p.surfaceM2() == null ? null : BigDecimal.valueOf(p.surfaceM2()).setScale(1, java.math.RoundingMode.HALF_UP));
            ps.setObject(2, p.occupants(), java.sql.Types.INTEGER);
            ps.setString(3, name(p.heatingEnergy()));
            ps.setString(4, name(p.heatingSystem()));
            ps.setString(5, name(p.hotWater()));
            ps.setString(6, name(p.constructionPeriod()));
            ps.setString(7, p.postcode());
            ps.setString(8, p.weatherStation());
            ps.setString(9, id.value());
            return ps.executeUpdate() > 0;
        }
    }

    private static String name(Enum<?> e) {
        return e == null ? null : e.name();
    }

    /** A row of {@code HOUSEHOLD_COLUMNS}. */
    private static Household household(ResultSet rs) throws SQLException {
        BigDecimal surface = rs.getBigDecimal(4);
        HouseholdProfile profile = new HouseholdProfile(surface == null ? null : surface.doubleValue(), (Integer) rs.getObject(5),
                HouseholdProfile.HeatingEnergy.parse(rs.getString(8)), HouseholdProfile.HeatingSystem.parse(rs.getString(9)),
                HouseholdProfile.HotWater.parse(rs.getString(10)), HouseholdProfile.ConstructionPeriod.parse(rs.getString(11)),
                rs.getString(12), rs.getString(13));
        return new Household(new HouseholdId(rs.getString(1)), rs.getString(2), ZoneId.of(rs.getString(3)), profile,
                rs.getString(6), rs.getTimestamp(7).toInstant());
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
