package org.ecofoyer.ingest.query;

/**
 * Every SQL statement of ingest's query side on {@code reading}, by name: what other modules read of it goes through
 * {@link Readings} and {@link ReadingCopy} (a household's export through {@link IngestExport}; the sync state through
 * {@code sync.SyncStates}).
 */
final class QuerySql {
    private QuerySql() {
    }

    /** A loose index scan of a meter's distinct channels in {@code table} (ours: reading, reading_block); parameters: the meter, twice. */
    private static String distinctChannels(String table) {
        return """
                WITH RECURSIVE ch AS (
                    SELECT min(channel) AS c FROM %1$s WHERE meter_id = ?
                    UNION ALL
                    SELECT (SELECT min(channel) FROM %1$s WHERE meter_id = ? AND channel > ch.c) FROM ch WHERE ch.c IS NOT NULL
                ) SELECT c FROM ch WHERE c IS NOT NULL""".formatted(table);
    }

    // --- the dashboard --------------------------------------------------------------------------------------------

    /**
     * The meter's latest reading over all its channels, hot rows and blocks. Hot rows: a loose index scan of the
     * channels, then one probe each. Blocks: they are whole UTC days, so the latest reading they hold is in a block of
     * the meter's latest day, found by one probe of {@code reading_block (meter_id, day)}, whose entries carry
     * {@code last_instant} (V10_7_1; the primary key needed a loose scan of every channel, two probes each).
     * Parameters: the meter, five times.
     */
    static final String LATEST = "SELECT greatest((WITH RECURSIVE ch AS ("
            + " (SELECT channel FROM reading WHERE meter_id = ? ORDER BY channel LIMIT 1)"
            + " UNION ALL SELECT (SELECT r.channel FROM reading r WHERE r.meter_id = ? AND r.channel > ch.channel"
            + " ORDER BY r.channel LIMIT 1) FROM ch WHERE ch.channel IS NOT NULL)"
            + " SELECT max((SELECT max(r.instant) FROM reading r WHERE r.meter_id = ? AND r.channel = ch.channel))"
            + " FROM ch WHERE ch.channel IS NOT NULL),"
            + " (SELECT max(b.last_instant) FROM reading_block b WHERE b.meter_id = ?"
            + " AND b.day = (SELECT max(d.day) FROM reading_block d WHERE d.meter_id = ?)))";

    /** How many readings the household's meters hold, hot rows and blocks. Parameters: the household, twice. */
    static final String COUNT_OF_HOUSEHOLD = "SELECT (SELECT count(*) FROM reading r JOIN meter m ON m.id = r.meter_id"
            + " WHERE m.household_id = ?) + (SELECT coalesce(sum(b.readings), 0) FROM reading_block b"
            + " JOIN meter m ON m.id = b.meter_id WHERE m.household_id = ?)";

    // --- the recompute (aggregation) ------------------------------------------------------------------------------

    /** The distinct channels of a meter's hot rows by a loose index scan (one index probe per channel, not a scan of its rows). */
    static final String CHANNELS = distinctChannels("reading");

    /** The meter's raw horizon: before it, retention has removed raw readings (none: no row). */
    static final String RAW_HORIZON = "SELECT horizon FROM raw_horizon WHERE meter_id = ?";

    /** A channel's last instant, hot rows and blocks. Parameters: meter, channel, twice. */
    static final String LAST_INSTANT = "SELECT greatest((SELECT max(instant) FROM reading WHERE meter_id = ? AND channel = ?),"
            + " (SELECT last_instant FROM reading_block WHERE meter_id = ? AND channel = ? ORDER BY day DESC LIMIT 1))";

    /** The instant of the last hot row of a channel strictly before an instant (blocks: {@link #BLOCKS_BEFORE}). */
    static final String LAST_BEFORE = "SELECT max(instant) FROM reading WHERE meter_id = ? AND channel = ? AND instant < ?";

    /**
     * A meter's readings of some channels from an instant on, as a query to embed (parameters: meter, since). The
     * channels are spelled into it (as SQL literals) by {@link Readings#ofChannelsSince}.
     */
    static final String OF_CHANNELS_SINCE = "SELECT meter_id, channel, instant, value FROM reading"
            + " WHERE meter_id = ? AND channel IN (%s) AND instant >= ?";

    // --- compacted blocks (reading_block): each holds one channel's readings of one UTC day -----------------------

    /**
     * A channel's blocks holding readings at or after an instant, in order. Parameters: meter, channel, the instant
     * less a day (the key range), the instant.
     */
    static final String BLOCKS_FROM = "SELECT data FROM reading_block WHERE meter_id = ? AND channel = ? AND day > ?"
            + " AND last_instant >= ? ORDER BY day";

    static final String BLOCKS_ALL = "SELECT data FROM reading_block WHERE meter_id = ? AND channel = ? ORDER BY day";

    static final String BLOCK_OF_DAY = "SELECT data FROM reading_block WHERE meter_id = ? AND channel = ? AND day = ?";

    /**
     * The latest two blocks of a channel starting before an instant (what {@link Readings#lastBefore} needs: the one
     * that may straddle it, and the one before). Parameters: meter, channel, instant.
     */
    static final String BLOCKS_BEFORE = "SELECT day, first_instant, last_instant FROM reading_block"
            + " WHERE meter_id = ? AND channel = ? AND day < ? ORDER BY day DESC LIMIT 2";

    /** The latest block of a channel: its day and last instant. */
    static final String LAST_BLOCK = "SELECT day, last_instant FROM reading_block WHERE meter_id = ? AND channel = ?"
            + " ORDER BY day DESC LIMIT 1";

    /** The distinct channels of a meter's blocks, by a loose index scan. */
    static final String BLOCK_CHANNELS = distinctChannels("reading_block");

    /** The channels of a meter, hot rows and blocks, in order. Parameters: the meter, four times. */
    static final String ALL_CHANNELS = "SELECT c FROM (" + CHANNELS + ") h UNION SELECT c FROM (" + BLOCK_CHANNELS + ") b ORDER BY 1";

    /** The database's now less an interval (the live history's window, by the database's clock as before). */
    static final String NOW_MINUS = "SELECT now() - ?::interval";

    // --- the demo --------------------------------------------------------------------------------------------------

    /** A channel's last hot row (blocks: {@link #LAST_BLOCK}). */
    static final String LAST_VALUE = "SELECT instant, value FROM reading WHERE meter_id = ? AND channel = ? ORDER BY instant DESC LIMIT 1";

    /** Each channel's last hot row since an instant (commissioning: recent readings are hot, never yet compacted). */
    static final String LATEST_VALUES = "SELECT DISTINCT ON (channel) channel, instant, value FROM reading"
            + " WHERE meter_id = ? AND instant >= ? ORDER BY channel, instant DESC";
}
