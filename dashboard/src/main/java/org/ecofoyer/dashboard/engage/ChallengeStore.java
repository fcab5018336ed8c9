package org.ecofoyer.dashboard.engage;

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
import org.ecofoyer.core.Fluid;

/** Reads and writes {@code challenge}. */
public final class ChallengeStore {
    private ChallengeStore() {
    }

    /**
     * A challenge: use {@code targetPct} % less of {@code fluid} over [startsOn, endsOn) than {@code baseline}, the usual
     * consumption over that many days.
     */
    public record Challenge(long id, String household, Fluid fluid, int targetPct, LocalDate startsOn, LocalDate endsOn, double baseline,
                            Instant createdAt, String result, Double resultQuantity, Instant decidedAt) {
        public int days() {
            return (int) java.time.temporal.ChronoUnit.DAYS.between(startsOn, endsOn);
        }
    }

    public static List<Challenge> of(Connection c, String household) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(EngageSql.CHALLENGES)) {
            ps.setString(1, household);
            return read(ps, household, 1);
        }
    }

    public static Optional<Challenge> one(Connection c, String household, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(EngageSql.CHALLENGE)) {
            ps.setString(1, household);
            ps.setLong(2, id);
            return read(ps, household, 1).stream().findFirst();
        }
    }

    /** Every challenge still open, of every household (for the job that decides them). */
    public static List<Challenge> open(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(EngageSql.OPEN_CHALLENGES)) {
            return read(ps, null, 2);
        }
    }

    /** Starts one; empty when one of that fluid is already under way. */
    public static Optional<Challenge> start(Connection c, String household, Fluid fluid, int targetPct, LocalDate from, LocalDate to,
                                            double baseline, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(EngageSql.INSERT_CHALLENGE)) {
            ps.setString(1, household);
            ps.setString(2, fluid.name());
            ps.setInt(3, targetPct);
            ps.setDate(4, Date.valueOf(from));
            ps.setDate(5, Date.valueOf(to));
            ps.setDouble(6, baseline);
            ps.setTimestamp(7, Timestamp.from(now));
            return read(ps, household, 1).stream().findFirst();
        }
    }

    public static boolean decide(Connection c, Challenge ch, String result, Double quantity, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(EngageSql.DECIDE_CHALLENGE)) {
            ps.setString(1, result);
            ps.setObject(2, quantity);
            ps.setTimestamp(3, Timestamp.from(at));
            ps.setLong(4, ch.id());
            ps.setString(5, ch.household());
            return ps.executeUpdate() == 1;
        }
    }

    private static List<Challenge> read(PreparedStatement ps, String household, int first) throws SQLException {
        List<Challenge> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                int i = first;
                String h = household != null ? household : rs.getString(1);
                out.add(new Challenge(rs.getLong(i), h, Fluid.valueOf(rs.getString(i + 1)), rs.getInt(i + 2),
                        rs.getDate(i + 3).toLocalDate(), rs.getDate(i + 4).toLocalDate(), rs.getDouble(i + 5),
                        rs.getTimestamp(i + 6).toInstant(), rs.getString(i + 7), (Double) rs.getObject(i + 8),
                        AlertStore.instant(rs.getTimestamp(i + 9))));
            }
        }
        return out;
    }
}
