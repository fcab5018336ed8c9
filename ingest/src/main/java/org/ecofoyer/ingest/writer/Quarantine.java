package org.ecofoyer.ingest.writer;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.ecofoyer.drivers.Reading;
import org.ecofoyer.ingest.query.ReadingCopy;

/**
 * What an operator does with the readings held in {@code reading_quarantine} (docs/architecture.md, "Quarantine";
 * the writer puts them there): list them, release them — through the {@link ReadingWriter} again, with its checks, so
 * that what still fails stays, its reason updated — or drop them.
 */
public final class Quarantine {
    /** Readings per page of a release (one writer submission each). */
    static final int PAGE = 5_000;

    /** One quarantined reading. */
    public record Held(long id, String meter, String channel, Instant instant, long value, String reason, String source,
                       String detail, Instant receivedAt, Instant checkedAt) {
    }

    /**
     * Which quarantined readings: by id, or by meter code and reason (each null: any). Ids exclude the others.
     */
    public record Selection(List<Long> ids, String meter, String reason) {
        public Selection {
            ids = ids == null ? List.of() : List.copyOf(ids);
            if (!ids.isEmpty() && (meter != null || reason != null)) {
                throw new IllegalArgumentException("select quarantined readings by id, or by meter and reason, not both");
            }
        }

        public static Selection ids(List<Long> ids) {
            return new Selection(ids, null, null);
        }

        public static Selection of(String meter, String reason) {
            return new Selection(null, meter, reason);
        }
    }

    /**
     * What a release did.
     *
     * @param released   readings now in {@code reading} and gone from quarantine
     * @param superseded readings gone from quarantine because another value was already stored under their key (meter,
     *                   channel, instant), which stays: first write wins
     * @param stillHeld  readings that failed the checks again and stay in quarantine, by their (updated) reason
     */
    public record Released(int released, int superseded, Map<String, Integer> stillHeld) {
        public int stillHeldTotal() {
            return stillHeld.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private Quarantine() {
    }

    /** At most {@code limit} quarantined readings of a selection, by id. */
    public static List<Held> list(Connection c, Selection s, int limit) throws SQLException {
        return page(c, s, 0, limit);
    }

    /** Readings held in quarantine, by reason. */
    public static Map<String, Long> countByReason(Connection c) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(IngestSql.QUARANTINE_COUNT); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }

    /** Deletes a selection; returns how many readings were dropped. */
    public static int drop(Connection c, Selection s) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(IngestSql.QUARANTINE_DROP)) {
            bind(c, ps, s);
            return ps.executeUpdate();
        }
    }

    /**
     * Submits a selection again through {@code writer}, a page at a time: each page's readings go through the writer's
     * checks and batch statement, and in the same transaction the ones now stored leave quarantine; those that fail
     * again stay, with their reason, detail and check time updated. Blocks until every page is committed.
     */
    public static Released release(DataSource dataSource, ReadingWriter writer, Selection s) throws SQLException, InterruptedException {
        int released = 0;
        int superseded = 0;
        Map<String, Integer> still = new TreeMap<>();
        long after = 0;
        while (true) {
            List<Held> page;
            int[] settled = new int[2];
            try (Connection c = dataSource.getConnection()) {
                List<Row> rows = rows(c, s, after, PAGE);
                if (rows.isEmpty()) {
                    break;
                }
                after = rows.get(rows.size() - 1).held().id();
                page = settleCompacted(c, rows, settled);
            }
            released += settled[0];
            superseded += settled[1];
            // One submission per source, so that a reading that fails again keeps the source it came from.
            Map<String, List<Held>> bySource = new LinkedHashMap<>();
            for (Held h : page) {
                bySource.computeIfAbsent(h.source(), k -> new ArrayList<>()).add(h);
            }
            for (Map.Entry<String, List<Held>> e : bySource.entrySet()) {
                List<Reading> readings = new ArrayList<>();
                Long[] ids = new Long[e.getValue().size()];
                for (int i = 0; i < ids.length; i++) {
                    Held h = e.getValue().get(i);
                    readings.add(new Reading(h.meter(), h.instant(), h.channel(), h.value()));
                    ids[i] = h.id();
                }
                int[] counts = new int[2];
                WriteResult r = await(writer.submit(readings, List.of(), c -> forgetStored(c, ids, counts), e.getKey()));
                released += counts[0];
                superseded += counts[1];
                r.quarantined().forEach((k, v) -> still.merge(k, v, Integer::sum));
            }
        }
        return new Released(released, superseded, still);
    }

    /**
     * Settles, without the writer, the readings of a page whose key a compacted block already holds: the block's value
     * is what every reader sees (it wins over a hot row, {@code ingest.query.ColumnsMerge}), so such a reading is
     * released when it is that value and superseded when it is not, and leaves quarantine either way. Written through
     * the writer instead, it would land in the hot table and count as released while the block's value stays what
     * is read. Returns the readings left to submit; {@code counts} gets (released, superseded).
     */
    private static List<Held> settleCompacted(Connection c, List<Row> rows, int[] counts) throws SQLException {
        Map<String, ReadingCopy.Columns> days = new HashMap<>();
        List<Held> toSubmit = new ArrayList<>();
        List<Long> settled = new ArrayList<>();
        for (Row r : rows) {
            Held h = r.held();
            String day = r.meterId() + "|" + h.channel() + "|" + h.instant().truncatedTo(ChronoUnit.DAYS);
            ReadingCopy.Columns block = days.get(day);
            if (block == null) {
                block = ReadingCopy.compactedDay(c, r.meterId(), h.channel(), h.instant());
                days.put(day, block);
            }
            int i = Arrays.binarySearch(block.micros(), 0, block.size(), ReadingCopy.micros(h.instant()));
            if (i < 0) {
                toSubmit.add(h);
            } else {
                counts[block.values()[i] == h.value() ? 0 : 1]++;
                settled.add(h.id());
            }
        }
        if (!settled.isEmpty()) {
            drop(c, Selection.ids(settled));
        }
        return toSubmit;
    }

    private static void forgetStored(Connection c, Long[] ids, int[] counts) throws SQLException {
        counts[0] = 0;
        counts[1] = 0;
        try (PreparedStatement ps = c.prepareStatement(IngestSql.QUARANTINE_FORGET_STORED)) {
            ps.setArray(1, c.createArrayOf("bigint", ids));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts[rs.getBoolean(1) ? 0 : 1]++;
                }
            }
        }
    }

    private static WriteResult await(io.vertx.core.Future<WriteResult> f) throws SQLException, InterruptedException {
        try {
            return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof SQLException sql ? sql : new SQLException("release not written: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new SQLException("release not written within 10 minutes", "57014", e);
        }
    }

    /** A quarantined reading with its meter's id (blocks are keyed by it). */
    private record Row(Held held, int meterId) {
    }

    private static List<Held> page(Connection c, Selection s, long after, int limit) throws SQLException {
        return rows(c, s, after, limit).stream().map(Row::held).toList();
    }

    private static List<Row> rows(Connection c, Selection s, long after, int limit) throws SQLException {
        List<Row> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(IngestSql.QUARANTINE_SELECT)) {
            bind(c, ps, s);
            ps.setLong(7, after);
            ps.setInt(8, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Row(new Held(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant(),
                            rs.getLong(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getTimestamp(9).toInstant(),
                            rs.getTimestamp(10).toInstant()), rs.getInt(11)));
                }
            }
        }
        return out;
    }

    private static void bind(Connection c, PreparedStatement ps, Selection s) throws SQLException {
        if (s.ids().isEmpty()) {
            ps.setNull(1, Types.ARRAY);
            ps.setNull(2, Types.ARRAY);
        } else {
            Set<Long> unique = new LinkedHashSet<>(s.ids());
            Array ids = c.createArrayOf("bigint", unique.toArray());
            ps.setArray(1, ids);
            ps.setArray(2, ids);
        }
        ps.setString(3, s.meter());
        ps.setString(4, s.meter());
        ps.setString(5, s.reason());
        ps.setString(6, s.reason());
    }
}
