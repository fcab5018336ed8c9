package org.ecofoyer.ingest.writer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A meter's recent stored index values, per channel: what a process that has not seen the meter yet knows of it, to
 * recognise a redelivered message the previous process had committed (the pipeline's redelivery rule). Read once per
 * meter and process, never per message.
 */
public class StoredIndexes {
    private static final Logger LOG = LoggerFactory.getLogger(StoredIndexes.class);
    /** How many of a channel's last stored values make its span: stored at most one a minute, about half an hour. */
    static final int RECENT = 32;
    /** None known: nothing is recognised against the store (tools, tests of the pipeline alone). */
    public static final StoredIndexes NONE = new StoredIndexes(null);

    /**
     * The span of a channel's recent stored values: the oldest of them and the latest; and those values themselves
     * (for a session adopted from a dead peer, where only a value already stored is a copy).
     */
    public record Span(long oldest, long latest, Set<Long> values) {
        public Span {
            values = Set.copyOf(values);
        }

        /** A span whose values are not told (the rule for a channel not seen needs only its bounds). */
        public Span(long oldest, long latest) {
            this(oldest, latest, Set.of());
        }
    }

    private final DataSource dataSource;

    public StoredIndexes(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * The span of the last {@value #RECENT} values stored (hot rows: a redelivery follows its first delivery within the
     * session expiry, long before its day is compacted) of each of those channels of the meter (by code) that has any;
     * empty when none or unknown (the database unreachable: nothing is recognised, logged).
     */
    public Map<String, Span> of(String meterCode, Collection<String> channels) {
        Map<String, Span> out = new HashMap<>();
        if (dataSource == null || channels.isEmpty()) {
            return out;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(IngestSql.RECENT_INDEX_SPAN)) {
            ps.setArray(1, c.createArrayOf("text", channels.toArray()));
            ps.setString(2, meterCode);
            ps.setInt(3, RECENT);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Set<Long> values = new HashSet<>();
                    for (Object v : (Object[]) rs.getArray(4).getArray()) {
                        values.add(((Number) v).longValue());
                    }
                    out.put(rs.getString(1), new Span(rs.getLong(2), rs.getLong(3), values));
                }
            }
        } catch (SQLException e) {
            LOG.warn("recent stored index values of meter {} unknown ({}): a redelivered message is not recognised", meterCode,
                    e.getMessage());
        }
        return out;
    }
}
