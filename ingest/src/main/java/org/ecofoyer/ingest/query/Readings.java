package org.ecofoyer.ingest.query;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.ecofoyer.core.HouseholdId;

/**
 * What other modules read of the raw {@code reading} table, which ingest owns (its writer is the only one to write
 * it): the dashboard's latest reading, count and live history, the recompute's channels and boundaries (its bulk read
 * is {@link ReadingCopy}), the demo's starting point. Each method is one statement, on the caller's connection (and in
 * its transaction, if it has one). Blocking JDBC: call it on a worker.
 */
public final class Readings {
    /** A reading's instant and value. */
    public record Point(Instant instant, long value) {
    }

    private Readings() {
    }

    /** The instant of the meter's latest reading over all its channels, or null when it has none. */
    public static Instant latest(Connection c, int meterId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(QuerySql.LATEST)) {
            ps.setInt(1, meterId);
            ps.setInt(2, meterId);
            ps.setInt(3, meterId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? instant(rs.getTimestamp(1)) : null;
            }
        }
    }

    /** How many readings the household's meters hold. */
    public static long countOfHousehold(Connection c, HouseholdId household) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(QuerySql.COUNT_OF_HOUSEHOLD)) {
            ps.setString(1, household.value());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** A channel's readings of the last {@code within} (by the database's clock), in instant order. */
    public static List<Point> recent(Connection c, int meterId, String channel, Duration within) throws SQLException {
        List<Point> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(QuerySql.RECENT)) {
            ps.setInt(1, meterId);
            ps.setString(2, channel);
            ps.setString(3, within.toSeconds() + " seconds");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Point(rs.getTimestamp(1).toInstant(), rs.getLong(2)));
                }
            }
        }
        return out;
    }

    /** The highest reading of a channel in [from, to) (the earliest on a tie), or null when it has none then. */
    public static Point highest(Connection c, int meterId, String channel, Instant from, Instant to) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(QuerySql.HIGHEST)) {
            ps.setInt(1, meterId);
            ps.setString(2, channel);
            ps.setTimestamp(3, Timestamp.from(from));
            ps.setTimestamp(4, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Point(rs.getTimestamp(1).toInstant(), rs.getLong(2)) : null;
            }
        }
    }

    /** The channels the meter has readings of, in order. */
    public static List<String> channels(Connection c, int meterId) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(QuerySql.CHANNELS)) {
            ps.setInt(1, meterId);
            ps.setInt(2, meterId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /**
     * The meter's raw horizon: the instant before which retention has already removed some of its raw readings, or null
     * while it has removed none. Rollups before it cannot be rebuilt from raw data; readings before it are refused.
     */
    public static Instant rawHorizon(Connection c, int meterId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(QuerySql.RAW_HORIZON)) {
            ps.setInt(1, meterId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? instant(rs.getTimestamp(1)) : null;
            }
        }
    }

    /** The instant of the meter's last reading of a channel, or null when it has none. */
    public static Instant last(Connection c, int meterId, String channel) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(QuerySql.LAST_INSTANT)) {
            ps.setInt(1, meterId);
            ps.setString(2, channel);
            return oneInstant(ps);
        }
    }

    /** The instant of the meter's last reading of a channel strictly before {@code before}, or null when it has none. */
    public static Instant lastBefore(Connection c, int meterId, String channel, Instant before) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(QuerySql.LAST_BEFORE)) {
            ps.setInt(1, meterId);
            ps.setString(2, channel);
            ps.setTimestamp(3, Timestamp.from(before));
            return oneInstant(ps);
        }
    }

    /** The value of the meter's latest reading of a channel, if it has one. */
    public static OptionalLong lastValue(Connection c, int meterId, String channel) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(QuerySql.LAST_VALUE)) {
            ps.setInt(1, meterId);
            ps.setString(2, channel);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    /**
     * A query of one meter's readings of some channels from an instant on, with columns {@code meter_id, channel,
     * instant, value} and two parameters, the meter id and the instant, for a caller to embed in a statement of its
     * own: e.g. aggregation learns the Tempo colours and EJP days the meters announced and writes its calendars from
     * them in one statement. The channels are written into the query as SQL literals.
     */
    public static String ofChannelsSince(String... channels) {
        if (channels.length == 0) {
            throw new IllegalArgumentException("no channel");
        }
        return String.format(QuerySql.OF_CHANNELS_SINCE,
                java.util.Arrays.stream(channels).map(Readings::literal).collect(Collectors.joining(", ")));
    }

    static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    private static Instant oneInstant(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return instant(rs.getTimestamp(1));
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
