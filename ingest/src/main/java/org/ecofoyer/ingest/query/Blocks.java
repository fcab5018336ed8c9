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

/** Reads compacted blocks ({@code reading_block}) of one channel, decoded ({@link BlockCodec}). */
final class Blocks {
    private Blocks() {
    }

    /** The channel's blocks that hold readings at or after {@code from} (null: all), in instant order. */
    static List<ReadingCopy.Columns> from(Connection c, int meterId, String channel, Instant from) throws SQLException {
        List<ReadingCopy.Columns> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(from == null ? QuerySql.BLOCKS_ALL : QuerySql.BLOCKS_FROM)) {
            ps.setInt(1, meterId);
            ps.setString(2, channel);
            if (from != null) {
                // a block's day starts at most a day before its readings: the key range first, then the exact filter
                ps.setTimestamp(3, Timestamp.from(from.minus(Duration.ofDays(1))));
                ps.setTimestamp(4, Timestamp.from(from));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(BlockCodec.decode(rs.getBytes(1)));
                }
            }
        }
        return out;
    }

    /** The one block of a channel whose day starts at {@code day}, decoded, or null. */
    static ReadingCopy.Columns of(Connection c, int meterId, String channel, Timestamp day) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(QuerySql.BLOCK_OF_DAY)) {
            ps.setInt(1, meterId);
            ps.setString(2, channel);
            ps.setTimestamp(3, day);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? BlockCodec.decode(rs.getBytes(1)) : null;
            }
        }
    }
}
