package org.ecofoyer.ingest.writer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last instant stored for some of a meter's channels: where a burst of messages without a timestamp starts when
 * the process has stamped nothing for that gateway yet (after a restart, the backlog of the outage).
 */
public class LastStamps {
    private static final Logger LOG = LoggerFactory.getLogger(LastStamps.class);
    /** None known: the bursts of a new process are placed by their own spacing. */
    public static final LastStamps NONE = new LastStamps(null);

    private final DataSource dataSource;

    public LastStamps(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The latest instant of those channels of the meter (by code) not after {@code notAfter}, or null (none, or unknown). */
    public Instant lastOf(String meterCode, Collection<String> channels, Instant notAfter) {
        if (dataSource == null || channels.isEmpty()) {
            return null;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(IngestSql.LAST_STAMP)) {
            ps.setArray(1, c.createArrayOf("text", channels.toArray()));
            ps.setString(2, meterCode);
            ps.setTimestamp(3, Timestamp.from(notAfter));
            try (ResultSet rs = ps.executeQuery()) {
                Timestamp t = rs.next() ? rs.getTimestamp(1) : null;
                return t == null ? null : t.toInstant();
            }
        } catch (SQLException e) {
            LOG.warn("last stored instant of meter {} unknown ({}): a burst is placed by its own spacing", meterCode, e.getMessage());
            return null;
        }
    }
}
