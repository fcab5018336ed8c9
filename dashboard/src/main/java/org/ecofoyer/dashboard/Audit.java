package org.ecofoyer.dashboard;

import static org.ecofoyer.dashboard.DashboardSql.*;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.ecofoyer.dashboard.auth.Caller;

/** The audit trail a household can see: who read or changed its data, and refused attempts to. */
public final class Audit {
    /** One entry. */
    public record Event(String householdId, Long actorId, String actorLogin, String actorRole, String action,
                        String resource, String address, String detail, Long consentId) {
        public Event(String householdId, Long actorId, String actorLogin, String actorRole, String action, String resource,
                     String address, String detail) {
            this(householdId, actorId, actorLogin, actorRole, action, resource, address, detail, null);
        }

        public static Event of(Caller caller, String householdId, String action, String resource, String address, String detail) {
            return of(caller, householdId, action, resource, address, detail, null);
        }

        /** An event under a consent (an advisor's read or refused attempt). */
        public static Event of(Caller caller, String householdId, String action, String resource, String address, String detail,
                               Long consentId) {
            return new Event(householdId, caller == null ? null : caller.userId(), caller == null ? null : caller.login(),
                    caller == null ? null : caller.role(), action, resource, address, detail, consentId);
        }
    }

    /** An entry as the household reads it. */
    public record Entry(String at, String actor, String actorRole, String action, String resource, String address, String detail,
                        Long consentId) {
    }

    private Audit() {
    }

    /** Refused attempts one reader may write into one household's access log per minute (beyond that: the app log only). */
    public static final int REFUSALS_PER_MINUTE = 10;

    public static void record(Connection c, Event e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT_AUDIT)) {
            bind(ps, e);
            ps.executeUpdate();
        }
    }

    /**
     * Records an event unless the same account already wrote {@code perMinute} events of that action
     * into the household's log in the last minute, so that nobody can flood another household's access log; returns
     * whether it was written.
     */
    public static boolean recordLimited(Connection c, Event e, int perMinute) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT_AUDIT_LIMITED)) {
            bind(ps, e);
            ps.setString(10, e.householdId());
            ps.setObject(11, e.actorId(), java.sql.Types.BIGINT);
            ps.setString(12, e.action());
            ps.setInt(13, perMinute);
            return ps.executeUpdate() == 1;
        }
    }

    /** Removes a household's access log (erasure; the caller then writes the tombstone). */
    public static void eraseHousehold(Connection c, String householdId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(DELETE_AUDIT_OF_HOUSEHOLD)) {
            ps.setString(1, householdId);
            ps.executeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, Event e) throws SQLException {
        ps.setString(1, e.householdId());
        ps.setObject(2, e.actorId(), java.sql.Types.BIGINT);
        ps.setString(3, e.actorLogin());
        ps.setString(4, e.actorRole());
        ps.setString(5, e.action());
        ps.setString(6, e.resource());
        ps.setString(7, e.address());
        ps.setString(8, e.detail());
        ps.setObject(9, e.consentId(), java.sql.Types.BIGINT);
    }

    public static List<Entry> ofHousehold(Connection c, String householdId, int limit) throws SQLException {
        List<Entry> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(AUDIT_OF_HOUSEHOLD)) {
            ps.setString(1, householdId);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Entry(rs.getTimestamp(1).toInstant().toString(), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), (Long) rs.getObject(8)));
                }
            }
        }
        return out;
    }
}
