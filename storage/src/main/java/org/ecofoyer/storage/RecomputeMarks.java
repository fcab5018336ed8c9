package org.ecofoyer.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.ecofoyer.core.Fluid;

/**
 * The one owner of the "recompute from here" mark (table {@code reading_dirty}: meter, since, marked_at), the contract
 * between whatever changes what a meter's rollups depend on (ingest's writer, the utility sync's corrections, prices,
 * tariff calendars, imports, the demo) and the aggregation's recompute, which clears it.
 *
 * <p>The invariant every writer keeps by going through here: a mark keeps the <em>earliest</em> instant of all the marks
 * not yet recomputed ({@code since = least(old, new)}), and <em>every</em> mark moves {@code marked_at}
 * ({@code clock_timestamp()}), even one that does not move {@code since}. The recompute reads a mark, recomputes, and
 * clears it with {@link #clearIfUnchanged} only if {@code marked_at} is still the one it read: a mark made meanwhile (new
 * data arrived while it computed) survives, and is recomputed on the next pass. A copy of the upsert that forgot to move
 * {@code marked_at} would silently lose that recompute; hence one copy.
 *
 * <p>Blocking JDBC, on the caller's connection and transaction: mark in the same transaction as the change, so that
 * both or neither are committed. (The table is created by ingest's migration V10_1_0, which Flyway knows by its
 * version; it belongs here.)
 */
public final class RecomputeMarks {
    /**
     * A meter to recompute from {@code since}, as marked at {@code markedAt}; {@code markedAt} is null for a recompute
     * asked without a mark (tools), which then clears nothing.
     */
    public record Mark(int meterId, Instant since, Instant markedAt) {
        public Mark {
            Objects.requireNonNull(since, "since");
        }
    }

    /** Sets the parameters of a query given to {@link #markAll}. */
    @FunctionalInterface
    public interface Parameters {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private RecomputeMarks() {
    }

    /**
     * The mark as SQL, for writers that must mark in the very statement that changes the data (the ingest writer's
     * batch: one statement per batch, whatever the number of meters): marks each {@code (meter_id, since)} row of
     * {@code meterIdAndSince}, a {@code SELECT} or {@code VALUES} of two columns.
     */
    public static String markRowsOf(String meterIdAndSince) {
        return "INSERT INTO reading_dirty (meter_id, since) " + meterIdAndSince + CoreModelSql.MARK_CONFLICT;
    }

    /** Marks one meter from {@code since}. */
    public static void mark(Connection c, int meterId, Instant since) throws SQLException {
        Objects.requireNonNull(since, "since");
        markAll(c, CoreModelSql.MARK_ONE, ps -> {
            ps.setInt(1, meterId);
            ps.setTimestamp(2, Timestamp.from(since));
        });
    }

    /** Marks every meter of a fluid from {@code since} (a price change). Returns how many were marked. */
    public static int markFluid(Connection c, Fluid fluid, Instant since) throws SQLException {
        Objects.requireNonNull(since, "since");
        return markAll(c, CoreModelSql.METERS_OF_FLUID, ps -> {
            ps.setTimestamp(1, Timestamp.from(since));
            ps.setString(2, fluid.name());
        });
    }

    /**
     * Marks every {@code (meter_id, since)} row of a query in one statement (e.g. the Tempo meters from the start of a
     * Tempo day in each household's zone). Returns how many meters were marked.
     */
    public static int markAll(Connection c, String meterIdAndSince, Parameters parameters) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(markRowsOf(meterIdAndSince))) {
            parameters.bind(ps);
            return ps.executeUpdate();
        }
    }

    /** At most {@code limit} marks, the earliest {@code since} first. */
    public static List<Mark> dirty(Connection c, int limit) throws SQLException {
        List<Mark> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(CoreModelSql.DIRTY)) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Mark(rs.getInt(1), rs.getTimestamp(2).toInstant(), rs.getTimestamp(3).toInstant()));
                }
            }
        }
        return out;
    }

    /**
     * A meter's mark as it is now, if any. The recompute reads it again once it holds the meter's lock: another instance
     * may have recomputed the meter and cleared it since the list was read (then there is nothing to do), or new data
     * may have moved it.
     */
    public static java.util.Optional<Mark> of(Connection c, int meterId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(CoreModelSql.MARK_OF)) {
            ps.setInt(1, meterId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? java.util.Optional.of(new Mark(rs.getInt(1), rs.getTimestamp(2).toInstant(), rs.getTimestamp(3).toInstant()))
                        : java.util.Optional.empty();
            }
        }
    }

    /**
     * Clears a meter's mark if it is still the one read ({@code marked_at} unchanged); a later mark stays. Returns whether
     * it was cleared.
     */
    public static boolean clearIfUnchanged(Connection c, int meterId, Instant markedAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(CoreModelSql.CLEAR_IF_UNCHANGED)) {
            ps.setInt(1, meterId);
            ps.setTimestamp(2, Timestamp.from(markedAt));
            return ps.executeUpdate() > 0;
        }
    }
}
