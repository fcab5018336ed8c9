package org.ecofoyer.ingest.writer;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ecofoyer.drivers.Reading;
import org.ecofoyer.ingest.query.BlockCodec;
import org.ecofoyer.ingest.query.ColumnsMerge;
import org.ecofoyer.ingest.query.ReadingCopy;

/**
 * Read-modify-write of compacted blocks ({@code reading_block}), each in the caller's transaction with the block's
 * row locked ({@code FOR UPDATE}): folding a day's hot rows into its block (the compactor), trimming a block at the
 * retention's cut-off, and a utility's corrections of compacted days (the sync). The statements are {@link IngestSql}'s.
 */
public final class CompactedDays {
    static final Duration DAY = Duration.ofDays(1);

    private CompactedDays() {
    }

    /** The UTC day an instant is in: a block's key. */
    static Instant dayOf(Instant i) {
        return i.truncatedTo(ChronoUnit.DAYS);
    }

    /**
     * Folds one series' hot rows of one day into its block, in the caller's transaction: the block is locked, the hot
     * rows of the day are deleted and returned by one statement, merged into the block (the block's value wins on an
     * instant both hold: it was stored first), and the block written. Rows a concurrent writer has not committed yet
     * stay in the hot table for the next pass. Returns how many hot rows were folded.
     */
    static int fold(Connection c, int meterId, String channel, Instant day) throws SQLException {
        ReadingCopy.Columns block = lock(c, meterId, channel, day);
        List<long[]> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(IngestSql.TAKE_HOT)) {
            ps.setInt(1, meterId);
            ps.setString(2, channel);
            ps.setTimestamp(3, Timestamp.from(day));
            ps.setTimestamp(4, Timestamp.from(day.plus(DAY)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new long[] {micros(rs.getTimestamp(1).toInstant()), rs.getLong(2)});
                }
            }
        }
        if (rows.isEmpty()) {
            return 0;
        }
        rows.sort((a, b) -> Long.compare(a[0], b[0]));
        long[] micros = new long[rows.size()];
        long[] values = new long[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            micros[i] = rows.get(i)[0];
            values[i] = rows.get(i)[1];
        }
        ReadingCopy.Columns hot = new ReadingCopy.Columns(micros, values, rows.size());
        ReadingCopy.Columns merged = block == null ? hot : ColumnsMerge.merge(List.of(block), hot, Long.MIN_VALUE);
        put(c, meterId, channel, day, merged);
        return rows.size();
    }

    /**
     * Removes a block's readings before the cut-off (the retention's, for the one block per series that straddles it),
     * in the caller's transaction. Returns how many readings went.
     */
    static int trim(Connection c, int meterId, String channel, Instant day, Instant cutoff) throws SQLException {
        ReadingCopy.Columns block = lock(c, meterId, channel, day);
        if (block == null) {
            return 0;
        }
        long limit = micros(cutoff);
        int from = 0;
        while (from < block.size() && block.micros()[from] < limit) {
            from++;
        }
        if (from == 0) {
            return 0;
        }
        if (from == block.size()) {
            try (PreparedStatement ps = c.prepareStatement(IngestSql.DELETE_BLOCK)) {
                ps.setInt(1, meterId);
                ps.setString(2, channel);
                ps.setTimestamp(3, Timestamp.from(day));
                ps.executeUpdate();
            }
            return from;
        }
        put(c, meterId, channel, day, new ReadingCopy.Columns(Arrays.copyOfRange(block.micros(), from, block.size()),
                Arrays.copyOfRange(block.values(), from, block.size()), block.size() - from));
        return from;
    }

    /**
     * A utility's corrected values for readings in compacted days, in the caller's transaction (the sync's, after the
     * writer's insert): each compacted reading with another value takes the corrected one — a correction must replace
     * a value, where a redelivery must not, and the readers prefer a block's value. Returns the instants that changed.
     */
    public static List<Instant> correct(Connection c, int meterId, List<Reading> readings) throws SQLException {
        Map<String, Map<Instant, List<Reading>>> byDay = new HashMap<>();
        Set<String> keys = new LinkedHashSet<>();
        for (Reading r : readings) {
            Instant day = dayOf(r.instant());
            byDay.computeIfAbsent(r.channel(), k -> new HashMap<>()).computeIfAbsent(day, k -> new ArrayList<>()).add(r);
            keys.add(r.channel() + "\u0000" + day);
        }
        List<Instant> changed = new ArrayList<>();
        if (keys.isEmpty()) {
            return changed;
        }
        String[] channels = new String[keys.size()];
        Timestamp[] days = new Timestamp[keys.size()];
        int k = 0;
        for (String key : keys) {
            int cut = key.indexOf('\u0000');
            channels[k] = key.substring(0, cut);
            days[k++] = Timestamp.from(Instant.parse(key.substring(cut + 1)));
        }
        List<Object[]> blocks = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(IngestSql.BLOCK_DAYS_OF)) {
            Array a1 = c.createArrayOf("text", channels);
            Array a2 = c.createArrayOf("timestamptz", days);
            ps.setInt(1, meterId);
            ps.setArray(2, a1);
            ps.setArray(3, a2);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    blocks.add(new Object[] {rs.getString(1), rs.getTimestamp(2).toInstant()});
                }
            }
        }
        for (Object[] b : blocks) {
            String channel = (String) b[0];
            Instant day = (Instant) b[1];
            ReadingCopy.Columns block = lock(c, meterId, channel, day);
            if (block == null) {
                continue;
            }
            long[] values = block.values().clone();
            boolean any = false;
            for (Reading r : byDay.get(channel).get(day)) {
                int at = Arrays.binarySearch(block.micros(), 0, block.size(), micros(r.instant()));
                if (at >= 0 && values[at] != r.value()) {
                    values[at] = r.value();
                    changed.add(r.instant());
                    any = true;
                }
            }
            if (any) {
                put(c, meterId, channel, day, new ReadingCopy.Columns(block.micros(), values, block.size()));
            }
        }
        return changed;
    }

    private static ReadingCopy.Columns lock(Connection c, int meterId, String channel, Instant day) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(IngestSql.LOCK_BLOCK)) {
            ps.setInt(1, meterId);
            ps.setString(2, channel);
            ps.setTimestamp(3, Timestamp.from(day));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? BlockCodec.decode(rs.getBytes(1)) : null;
            }
        }
    }

    private static void put(Connection c, int meterId, String channel, Instant day, ReadingCopy.Columns cols) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(IngestSql.PUT_BLOCK)) {
            ps.setInt(1, meterId);
            ps.setString(2, channel);
            ps.setTimestamp(3, Timestamp.from(day));
            ps.setTimestamp(4, timestamp(cols.micros()[0]));
            ps.setTimestamp(5, timestamp(cols.micros()[cols.size() - 1]));
            ps.setInt(6, cols.size());
            ps.setBytes(7, BlockCodec.encode(cols.micros(), cols.values(), cols.size()));
            ps.executeUpdate();
        }
    }

    private static long micros(Instant i) {
        return ReadingCopy.micros(i);
    }

    private static Timestamp timestamp(long micros) {
        return Timestamp.from(ReadingCopy.instant(micros));
    }
}
