package org.ecofoyer.ingest.query;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import org.ecofoyer.core.TariffOption;

/**
 * What other modules read of what meters said about themselves (#16, tables {@code meter_contract} and
 * {@code meter_daily_max}): the subscription a meter announces, and its highest daily maximum over a span of days.
 * One statement per method, on the caller's connection.
 */
public final class MeterFactsQuery {
    /** A subscription learned from the meter at {@code learnedAt}; kVA or option may be null when it never told them. */
    public record LearnedContract(Instant learnedAt, Integer kva, TariffOption option, String source) {
    }

    /** The highest daily maximum of a span: its day, VA, when it was reached, and how many days of the span had one. */
    public record HighestMax(LocalDate day, long va, Instant reachedAt, int days) {
    }

    private MeterFactsQuery() {
    }

    /** The meter's latest learned subscription, or null when it has told none. */
    public static LearnedContract contract(Connection c, int meterId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(MeterFactsSql.LATEST_CONTRACT)) {
            ps.setInt(1, meterId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                String option = rs.getString(3);
                return new LearnedContract(rs.getTimestamp(1).toInstant(), (Integer) rs.getObject(2, Integer.class),
                        option == null ? null : TariffOption.valueOf(option), rs.getString(4));
            }
        }
    }

    /** The meter's highest daily maximum (its total) over local days [from, to), or null when it has none then. */
    public static HighestMax highest(Connection c, int meterId, LocalDate from, LocalDate to) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(MeterFactsSql.HIGHEST_DAILY_MAX)) {
            for (int k = 0; k < 2; k++) {
                ps.setInt(1 + 3 * k, meterId);
                ps.setDate(2 + 3 * k, Date.valueOf(from));
                ps.setDate(3 + 3 * k, Date.valueOf(to));
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new HighestMax(rs.getDate(1).toLocalDate(), rs.getLong(2), rs.getTimestamp(3).toInstant(), rs.getInt(4))
                        : null;
            }
        }
    }
}
