package org.ecofoyer.ingest.query;

/**
 * Every SQL statement of ingest's query side on {@code reading}, by name: what other modules read of it goes through
 * {@link Readings} and {@link ReadingCopy} (a household's export through {@link IngestExport}; the sync state through
 * {@code sync.SyncStates}).
 */
final class QuerySql {
    private QuerySql() {
    }

    // --- the dashboard --------------------------------------------------------------------------------------------

    /** The meter's latest reading over all its channels: a loose index scan of the channels, then one probe each. */
    static final String LATEST = "WITH RECURSIVE ch AS ("
            + " (SELECT channel FROM reading WHERE meter_id = ? ORDER BY channel LIMIT 1)"
            + " UNION ALL SELECT (SELECT r.channel FROM reading r WHERE r.meter_id = ? AND r.channel > ch.channel"
            + " ORDER BY r.channel LIMIT 1) FROM ch WHERE ch.channel IS NOT NULL)"
            + " SELECT max((SELECT max(r.instant) FROM reading r WHERE r.meter_id = ? AND r.channel = ch.channel))"
            + " FROM ch WHERE ch.channel IS NOT NULL";

    static final String COUNT_OF_HOUSEHOLD = "SELECT count(*) FROM reading r JOIN meter m ON m.id = r.meter_id WHERE m.household_id = ?";

    static final String RECENT = "SELECT instant, value FROM reading WHERE meter_id = ? AND channel = ?"
            + " AND instant > now() - ?::interval ORDER BY instant";

    // --- the recompute (aggregation) ------------------------------------------------------------------------------

    /** The distinct channels of a meter by a loose index scan (one index probe per channel, not a scan of its rows). */
    static final String CHANNELS = """
            WITH RECURSIVE ch AS (
                SELECT min(channel) AS c FROM reading WHERE meter_id = ?
                UNION ALL
                SELECT (SELECT min(channel) FROM reading WHERE meter_id = ? AND channel > ch.c) FROM ch WHERE ch.c IS NOT NULL
            ) SELECT c FROM ch WHERE c IS NOT NULL""";

    /** The meter's raw horizon: before it, retention has removed raw readings (none: no row). */
    static final String RAW_HORIZON = "SELECT horizon FROM raw_horizon WHERE meter_id = ?";

    static final String LAST_INSTANT = "SELECT max(instant) FROM reading WHERE meter_id = ? AND channel = ?";

    /** The instant of the last reading of a channel strictly before an instant. */
    static final String LAST_BEFORE = "SELECT max(instant) FROM reading WHERE meter_id = ? AND channel = ? AND instant < ?";

    /**
     * A meter's readings of some channels from an instant on, as a query to embed (parameters: meter, since). The
     * channels are spelled into it (as SQL literals) by {@link Readings#ofChannelsSince}.
     */
    static final String OF_CHANNELS_SINCE = "SELECT meter_id, channel, instant, value FROM reading"
            + " WHERE meter_id = ? AND channel IN (%s) AND instant >= ?";

    // --- the demo --------------------------------------------------------------------------------------------------

    /** The highest value of a channel in [from, to), the earliest instant on a tie (the dashboard's peak power). */
    static final String HIGHEST = "SELECT instant, value FROM reading WHERE meter_id = ? AND channel = ? AND instant >= ? AND instant < ?"
            + " ORDER BY value DESC, instant LIMIT 1";

    static final String LAST_VALUE = "SELECT value FROM reading WHERE meter_id = ? AND channel = ? ORDER BY instant DESC LIMIT 1";
}
