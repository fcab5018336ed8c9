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
 * What other modules read of the raw readings, which ingest owns (its writer and compactor are the only ones to write
 * them): every method reads the hot rows ({@code reading}) and the compacted blocks ({@code reading_block}) as one
 * store, a block's value winning when both hold an instant ({@link ColumnsMerge}): the dashboard's latest reading, count and live history, the recompute's channels and boundaries (its bulk read
 * is {@link ReadingCopy}), the demo's starting point. Each method is one statement, on the caller's connection (and in
 * its transaction, if it has one; a method reading blocks may take two). Blocking JDBC: call it on a worker.
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
            ps.setInt(4, meterId);
            ps.setInt(5, meterId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? instant(rs.getTimestamp(1)) : null;
            }
        }
    }

    /** How many readings the household's meters hold. */
    public static long countOfHousehold(Connection c, HouseholdId household) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(QuerySql.COUNT_OF_HOUSEHOLD)) {
            ps.setString(1, household.value());
            ps.setString(2, household.value());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** A channel's readings of the last {@code within} (by the database's clock), in instant order. */
    public static List<Point> recent(Connection c, int meterId, String channel, Duration within) throws SQLException {
        Instant since;
        try (PreparedStatement ps = c.prepareStatement(QuerySql.NOW_MINUS)) {
            ps.setString(1, within.toSeconds() + " seconds");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                since = rs.getTimestamp(1).toInstant();
            }
        }
        ReadingCopy.Columns read = ReadingCopy.read(c, meterId, channel, since);
        long after = ReadingCopy.micros(since);
        List<Point> out = new ArrayList<>(read.size());
        for (int i = 0; i < read.size(); i++) {
            if (read.micros()[i] > after) {
                out.add(new Point(ReadingCopy.instant(read.micros()[i]), read.values()[i]));
            }
        }
        return out;
    }

    /**
     * The highest reading of a channel in [from, to) (the earliest on a tie), or null when it has none then: compacted
     * blocks and hot rows alike (a peak of last winter is in a block), through {@link ReadingCopy#read}.
     */
    public static Point highest(Connection c, int meterId, String channel, Instant from, Instant to) throws SQLException {
        ReadingCopy.Columns col = ReadingCopy.read(c, meterId, channel, from);
        long end = ReadingCopy.micros(to);
        int best = -1;
        for (int i = 0; i < col.size() && col.micros()[i] < end; i++) {
            if (best < 0 || col.values()[i] > col.values()[best]) {
                best = i;
            }
        }
        return best < 0 ? null : new Point(ReadingCopy.instant(col.micros()[best]), col.values()[best]);
    }

    /** The channels the meter has readings of (hot rows or blocks), in order. */
    public static List<String> channels(Connection c, int meterId) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(QuerySql.ALL_CHANNELS)) {
            for (int i = 1; i <= 4; i++) {
                ps.setInt(i, meterId);
            }
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

    /** A channel's last value and its instant. */
    public record Latest(String channel, Instant instant, long value) {
    }

    /**
     * Each channel's last reading at or after {@code since}, by channel (the commissioning checklist's "last values"): a
     * meter's recent readings only, so that the scan stays within the last chunk.
     */
    public static List<Latest> latestValues(Connection c, int meterId, Instant since) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(QuerySql.LATEST_VALUES)) {
            ps.setInt(1, meterId);
            ps.setTimestamp(2, Timestamp.from(since));
            List<Latest> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Latest(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getLong(3)));
                }
            }
            return out;
        }
    }

    /** The instant of the meter's last reading of a channel, or null when it has none. */
    public static Instant last(Connection c, int meterId, String channel) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(QuerySql.LAST_INSTANT)) {
            ps.setInt(1, meterId);
            ps.setString(2, channel);
            ps.setInt(3, meterId);
            ps.setString(4, channel);
            return oneInstant(ps);
        }
    }

    /** The instant of the meter's last reading of a channel strictly before {@code before}, or null when it has none. */
    public static Instant lastBefore(Connection c, int meterId, String channel, Instant before) throws SQLException {
        Instant hot;
        try (PreparedStatement ps = c.prepareStatement(QuerySql.LAST_BEFORE)) {
            ps.setInt(1, meterId);
            ps.setString(2, channel);
            ps.setTimestamp(3, Timestamp.from(before));
            hot = oneInstant(ps);
        }
        Instant block = lastBlockInstantBefore(c, meterId, channel, before);
        return block == null ? hot : hot == null || block.isAfter(hot) ? block : hot;
    }

    /**
     * The last instant before {@code before} held in blocks: blocks are whole UTC days, so only the latest block
     * starting before it can straddle it (decoded then); if that one has nothing before it, the one before it ends
     * before it.
     */
    private static Instant lastBlockInstantBefore(Connection c, int meterId, String channel, Instant before) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(QuerySql.BLOCKS_BEFORE)) {
            ps.setInt(1, meterId);
            ps.setString(2, channel);
            ps.setTimestamp(3, Timestamp.from(before));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant first = rs.getTimestamp(2).toInstant();
                    Instant last = rs.getTimestamp(3).toInstant();
                    if (last.isBefore(before)) {
                        return last;
                    }
                    if (first.isBefore(before)) {
                        ReadingCopy.Columns b = Blocks.of(c, meterId, channel, rs.getTimestamp(1));
                        long limit = ReadingCopy.micros(before);
                        for (int i = b.size() - 1; i >= 0; i--) {
                            if (b.micros()[i] < limit) {
                                return ReadingCopy.instant(b.micros()[i]);
                            }
                        }
                    }
                }
            }
        }
        return null;
    }

    /** The value of the meter's latest reading of a channel (hot rows or blocks), if it has one. */
    public static OptionalLong lastValue(Connection c, int meterId, String channel) throws SQLException {
        Instant hotAt = null;
        long hotValue = 0;
        try (PreparedStatement ps = c.prepareStatement(QuerySql.LAST_VALUE)) {
            ps.setInt(1, meterId);
            ps.setString(2, channel);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    hotAt = rs.getTimestamp(1).toInstant();
                    hotValue = rs.getLong(2);
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(QuerySql.LAST_BLOCK)) {
            ps.setInt(1, meterId);
            ps.setString(2, channel);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && (hotAt == null || !rs.getTimestamp(2).toInstant().isBefore(hotAt))) {
                    ReadingCopy.Columns b = Blocks.of(c, meterId, channel, rs.getTimestamp(1));
                    return OptionalLong.of(b.values()[b.size() - 1]);
                }
            }
        }
        return hotAt == null ? OptionalLong.empty() : OptionalLong.of(hotValue);
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
