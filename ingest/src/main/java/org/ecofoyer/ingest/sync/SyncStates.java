package org.ecofoyer.ingest.sync;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.ecofoyer.core.Meter;

/**
 * A utility meter's sync state (table {@code utility_sync}, which the utility sync owns and writes), read for the sync
 * itself, {@code ecofoyer sync} and the household's sources page (the dashboard): the one reader of the state.
 * Blocking JDBC on the caller's connection. Here rather than in {@code ingest.query} because the sync reads it too
 * (the query side stands below the sync and knows nothing of it).
 */
public final class SyncStates {
    private SyncStates() {
    }

    /** The meter's sync state, or empty before its first sync (and for meters not synced from a utility). */
    public static Optional<SyncState> of(Connection c, Meter meter) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SyncSql.STATE)) {
            ps.setInt(1, meter.id());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new SyncState(meter.code().value(), localDate(rs.getDate(1)), localDate(rs.getDate(2)),
                        instant(rs.getTimestamp(3)), rs.getString(4), rs.getString(5), instant(rs.getTimestamp(6)),
                        instant(rs.getTimestamp(7)), instant(rs.getTimestamp(8)), rs.getInt(9), rs.getInt(10)));
            }
        }
    }

    private static LocalDate localDate(Date d) {
        return d == null ? null : d.toLocalDate();
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
