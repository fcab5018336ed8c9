package org.ecofoyer.dashboard.engage;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads and writes {@code household_alert} and {@code report_mail}. */
public final class AlertStore {
    private AlertStore() {
    }

    /** Raises an occurrence; empty when it had been raised already (deduplication is the table's UNIQUE key). */
    public static Optional<Long> raise(Connection c, String household, AlertKind kind, String occurrence, Instant at, JsonObject detail,
                                       String mail) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(EngageSql.RAISE)) {
            ps.setString(1, household);
            ps.setString(2, kind.name());
            ps.setString(3, occurrence);
            ps.setTimestamp(4, Timestamp.from(at));
            ps.setString(5, detail.encode());
            ps.setString(6, mail);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    public static List<Alert> recent(Connection c, String household, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(EngageSql.RECENT_ALERTS)) {
            ps.setString(1, household);
            ps.setInt(2, limit);
            return read(ps);
        }
    }

    public static List<Alert> pendingMails(Connection c, String household) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(EngageSql.PENDING_MAILS)) {
            ps.setString(1, household);
            return read(ps);
        }
    }

    /** Alert e-mails sent to the household after {@code since} (the rate limit's window). */
    public static int mailsSince(Connection c, String household, Instant since) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(EngageSql.MAILS_SINCE)) {
            ps.setString(1, household);
            ps.setTimestamp(2, Timestamp.from(since));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Sets an alert's mail state; {@code attempted} counts a try at sending. Answers the attempts so far. */
    public static int setMail(Connection c, long id, String mail, Instant mailedAt, boolean attempted) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(EngageSql.SET_MAIL)) {
            ps.setString(1, mail);
            ps.setTimestamp(2, mailedAt == null ? null : Timestamp.from(mailedAt));
            ps.setInt(3, attempted ? 1 : 0);
            ps.setLong(4, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    public static int markSeen(Connection c, String household, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(EngageSql.MARK_SEEN)) {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setString(2, household);
            return ps.executeUpdate();
        }
    }

    public static boolean reportSent(Connection c, String household, LocalDate month) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(EngageSql.REPORT_WAS_SENT)) {
            ps.setString(1, household);
            ps.setDate(2, Date.valueOf(month));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    public static void recordReport(Connection c, String household, LocalDate month, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(EngageSql.REPORT_SENT)) {
            ps.setString(1, household);
            ps.setDate(2, Date.valueOf(month));
            ps.setTimestamp(3, Timestamp.from(at));
            ps.executeUpdate();
        }
    }

    private static List<Alert> read(PreparedStatement ps) throws SQLException {
        List<Alert> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Alert(rs.getLong(1), AlertKind.valueOf(rs.getString(2)), rs.getString(3), rs.getTimestamp(4).toInstant(),
                        new JsonObject(rs.getString(5)), rs.getString(6), instant(rs.getTimestamp(7)), instant(rs.getTimestamp(8))));
            }
        }
        return out;
    }

    static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
