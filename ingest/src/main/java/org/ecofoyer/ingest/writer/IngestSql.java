package org.ecofoyer.ingest.writer;

import org.ecofoyer.storage.RecomputeMarks;

/** The writer's SQL statements, by name (run by {@link ReadingStore}). */
final class IngestSql {
    /**
     * A session-private staging table: COPY lands here, then one statement sorts the rows into {@code reading} or the
     * quarantine. {@code part} is the row's submission in the batch (its index); {@code reason} and {@code detail} are
     * set when the writer's own checks ({@link ReadingChecks}) already refused the row.
     */
    static final String CREATE_STAGE = "CREATE TEMP TABLE IF NOT EXISTS reading_stage (meter_id integer, channel text,"
            + " instant timestamptz, value bigint, part integer, reason text, detail text) ON COMMIT DELETE ROWS";
    static final String COPY_STAGE = "COPY reading_stage (meter_id, channel, instant, value, part, reason, detail) FROM STDIN";

    /**
     * Sorts the staged rows, in one statement: a row refused by the writer's checks, or whose instant is before its
     * meter's raw horizon ({@code raw_horizon}), goes to {@code reading_quarantine} (one row per distinct reading: one
     * already there gets its reason, detail and check time updated); every other row goes to {@code reading}, ignoring
     * those already there (the natural key makes redelivery harmless), and each meter is marked dirty from the earliest
     * instant actually inserted ({@link RecomputeMarks}, the one owner of the mark). Quarantined rows never reach
     * {@code reading}, so they never mark a recompute nor make a rollup.
     *
     * <p>Rows go to {@code reading} in key order so that concurrent writers lock in the same order (no deadlock).
     * {@code reading} has no per-row foreign key (too costly for live data, see migration V10_2_0): every meter that
     * gets a row here also gets its dirty mark in this statement, and {@code reading_dirty}'s foreign key refuses the
     * whole statement when that meter no longer exists ({@code reading_quarantine}'s own foreign key does the same).
     *
     * <p>Parameters: the batch's sources by part ({@code text[]}), the receiving clock's now (twice: received, checked).
     * Rows returned: first {@code (-1, null, inserted, marked)}, then one {@code (part, reason, count, 0)} per
     * submission and reason quarantined.
     */
    static final String MERGE_STAGE = """
            WITH staged AS MATERIALIZED (
                SELECT s.meter_id, s.channel, s.instant, s.value, s.part,
                       coalesce(s.reason, CASE WHEN s.instant < h.horizon THEN 'before_horizon' END) AS reason,
                       coalesce(s.detail, CASE WHEN s.instant < h.horizon THEN 'before the raw horizon ' || h.horizon END) AS detail
                FROM reading_stage s LEFT JOIN raw_horizon h ON h.meter_id = s.meter_id
            ), ins AS (
                INSERT INTO reading (meter_id, channel, instant, value)
                SELECT meter_id, channel, instant, value FROM staged WHERE reason IS NULL ORDER BY meter_id, channel, instant
                ON CONFLICT (meter_id, channel, instant) DO NOTHING
                RETURNING meter_id, instant
            ), dirty AS (
            """ + RecomputeMarks.markRowsOf("SELECT meter_id, min(instant) FROM ins GROUP BY meter_id ORDER BY meter_id") + """
             RETURNING 1
            ), held AS (
                INSERT INTO reading_quarantine (meter_id, channel, instant, value, reason, source, detail, received_at, checked_at)
                SELECT DISTINCT ON (meter_id, channel, instant, value) meter_id, channel, instant, value, reason,
                       coalesce((?::text[])[part + 1], 'unnamed'), detail, ?::timestamptz, ?::timestamptz
                FROM staged WHERE reason IS NOT NULL ORDER BY meter_id, channel, instant, value, part
                ON CONFLICT (meter_id, channel, instant, value) DO UPDATE
                    SET reason = excluded.reason, detail = excluded.detail, checked_at = excluded.checked_at
                RETURNING 1
            )
            SELECT -1, NULL, (SELECT count(*) FROM ins), (SELECT count(*) FROM dirty)
            UNION ALL
            SELECT part, reason, count(*), 0 FROM staged WHERE reason IS NOT NULL GROUP BY part, reason""";

    static final String INSERT_EVENT = "INSERT INTO meter_event (meter_id, instant, kind, channel, detail) VALUES (?, ?, ?, ?, ?)"
            + " ON CONFLICT DO NOTHING";

    /**
     * Moves the raw horizon of every meter with readings (hot rows or blocks) before the cut-off to the cut-off (never
     * back). Parameters: the cut-off, three times.
     */
    static final String MOVE_RAW_HORIZON = """
            INSERT INTO raw_horizon (meter_id, horizon)
            SELECT meter_id, ?::timestamptz FROM (SELECT meter_id FROM reading WHERE instant < ?
                                                   UNION SELECT meter_id FROM reading_block WHERE first_instant < ?) m
            ON CONFLICT (meter_id) DO UPDATE SET horizon = excluded.horizon WHERE raw_horizon.horizon < excluded.horizon""";

    // --- compacted blocks (reading_block; ReadingCompactor, CompactedDays) ------------------------------------------

    /**
     * The next (meter, channel) of the hot table after a given one, in key order, up to a last meter (one index probe:
     * both bounds are index conditions). Parameters: meter, channel, last meter (included).
     */
    static final String NEXT_HOT_SERIES = "SELECT meter_id, channel FROM reading WHERE (meter_id, channel) > (?, ?)"
            + " AND meter_id <= ? ORDER BY meter_id, channel LIMIT 1";

    /** The lowest and highest meter of the hot table (two index probes): the shards a compactor's pass walks. */
    static final String HOT_METER_RANGE = "SELECT min(meter_id), max(meter_id) FROM reading";

    /** A series' oldest hot row (one index probe). Parameters: meter, channel. */
    static final String OLDEST_HOT = "SELECT min(instant) FROM reading WHERE meter_id = ? AND channel = ?";

    /** Locks and reads a block (none: no row). Parameters: meter, channel, day. */
    static final String LOCK_BLOCK = "SELECT data FROM reading_block WHERE meter_id = ? AND channel = ? AND day = ? FOR UPDATE";

    /** Takes a series' hot rows of a period out of the hot table. Parameters: meter, channel, from, until (excluded). */
    static final String TAKE_HOT = "DELETE FROM reading WHERE meter_id = ? AND channel = ? AND instant >= ? AND instant < ?"
            + " RETURNING instant, value";

    /** Writes a block. Parameters: meter, channel, day, first instant, last instant, readings, data. */
    static final String PUT_BLOCK = """
            INSERT INTO reading_block (meter_id, channel, day, first_instant, last_instant, readings, data)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (meter_id, channel, day) DO UPDATE SET first_instant = excluded.first_instant,
                last_instant = excluded.last_instant, readings = excluded.readings, data = excluded.data""";

    static final String DELETE_BLOCK = "DELETE FROM reading_block WHERE meter_id = ? AND channel = ? AND day = ?";

    /**
     * Whole blocks whose readings are all before the cut-off, in batches, by key (a ctid is per chunk on a hypertable).
     * Parameters: cut-off, batch.
     */
    static final String DELETE_BLOCKS_BEFORE = """
            DELETE FROM reading_block b USING (SELECT meter_id, channel, day FROM reading_block WHERE last_instant < ? LIMIT ?) o
            WHERE b.meter_id = o.meter_id AND b.channel = o.channel AND b.day = o.day RETURNING b.readings""";

    /** Blocks that straddle the cut-off (some readings before it, some not). Parameter: cut-off, twice. */
    static final String BLOCKS_STRADDLING = "SELECT meter_id, channel, day FROM reading_block WHERE first_instant < ? AND last_instant >= ?";

    /** The blocks of a meter's days among some, to correct. Parameters: meter, channels {@code text[]}, days {@code timestamptz[]}. */
    static final String BLOCK_DAYS_OF = "SELECT channel, day FROM reading_block WHERE meter_id = ?"
            + " AND (channel, day) IN (SELECT * FROM unnest(?::text[], ?::timestamptz[])) ORDER BY channel, day";

    /**
     * A compactor's pass holds this lock shared, so that any number of passes run at once, each on shards of its own
     * ({@link #TRY_SHARD_LOCK}); a compactor of a version before the shards took it exclusive and walked every meter:
     * during a rolling upgrade the two kinds exclude each other instead of folding the same series-day at once.
     */
    static final String TRY_COMPACTOR_LOCK = "SELECT pg_try_advisory_lock_shared(hashtext('ecofoyer.reading_compactor'))";
    static final String RELEASE_COMPACTOR_LOCK = "SELECT pg_advisory_unlock_shared(hashtext('ecofoyer.reading_compactor'))";

    /**
     * One compactor at a time on a shard of meters (a session-level advisory lock, two-key form: 10 is ingest's class,
     * as 20 is aggregation's recompute; the second key the shard's number). Parameter: shard.
     */
    static final String TRY_SHARD_LOCK = "SELECT pg_try_advisory_lock(10, ?)";
    static final String RELEASE_SHARD_LOCK = "SELECT pg_advisory_unlock(10, ?)";

    // --- the quarantine (Quarantine: what an operator lists, releases, drops) -------------------------------------

    /**
     * Quarantined readings with their meter's code, by id, from a selection. Parameters: ids ({@code bigint[]}, null:
     * any), meter code (null: any), reason (null: any), after id, limit.
     */
    static final String QUARANTINE_SELECT = """
            SELECT q.id, m.code, q.channel, q.instant, q.value, q.reason, q.source, q.detail, q.received_at, q.checked_at, q.meter_id
            FROM reading_quarantine q JOIN meter m ON m.id = q.meter_id
            WHERE (?::bigint[] IS NULL OR q.id = ANY (?::bigint[])) AND (?::text IS NULL OR m.code = ?)
              AND (?::text IS NULL OR q.reason = ?) AND q.id > ?
            ORDER BY q.id LIMIT ?""";

    /** Readings held, by reason. */
    static final String QUARANTINE_COUNT = "SELECT reason, count(*) FROM reading_quarantine GROUP BY reason ORDER BY reason";

    /** Drops a selection (parameters as {@link #QUARANTINE_SELECT}'s first six); returns one row per dropped reading. */
    static final String QUARANTINE_DROP = """
            DELETE FROM reading_quarantine q USING meter m
            WHERE m.id = q.meter_id AND (?::bigint[] IS NULL OR q.id = ANY (?::bigint[])) AND (?::text IS NULL OR m.code = ?)
              AND (?::text IS NULL OR q.reason = ?)""";

    /**
     * After a release's readings went through the batch statement: forgets those of the given ids whose key is now in
     * {@code reading} (stored, or already there), in the same transaction. Returns per row whether the stored value
     * is the released one (false: another value was stored first under that key and stays).
     */
    static final String QUARANTINE_FORGET_STORED = """
            DELETE FROM reading_quarantine q USING reading r
            WHERE q.id = ANY (?::bigint[]) AND r.meter_id = q.meter_id AND r.channel = q.channel AND r.instant = q.instant
            RETURNING r.value = q.value""";

    /**
     * The span of a meter's recent stored values per channel (the redelivery rule, {@link StoredIndexes}): for each of
     * the channels, the lowest and the latest of its last N hot rows. Parameters: channels ({@code text[]}), meter code,
     * N.
     */
    static final String RECENT_INDEX_SPAN = """
            SELECT ch.name, min(v.value), (array_agg(v.value ORDER BY v.instant DESC))[1], array_agg(v.value)
            FROM unnest(?::text[]) ch(name)
            CROSS JOIN (SELECT id FROM meter WHERE code = ?) m
            CROSS JOIN LATERAL (SELECT r.value, r.instant FROM reading r WHERE r.meter_id = m.id AND r.channel = ch.name
                                ORDER BY r.instant DESC LIMIT ?) v
            GROUP BY ch.name""";

    /**
     * The latest instant of some channels of a meter (by code), not after an instant: one backward index probe per
     * channel in the hot rows and one in the blocks (a block holding readings after the instant too is passed over:
     * the restart this serves is later than the compacted days). Parameters: channels ({@code text[]}), meter code,
     * not after.
     */
    static final String LAST_STAMP = """
            SELECT greatest(max(l.instant), max(b.last_instant)) FROM unnest(?::text[]) ch(name)
            CROSS JOIN (SELECT id FROM meter WHERE code = ?) m
            CROSS JOIN (SELECT ?::timestamptz AS t) lim
            LEFT JOIN LATERAL (SELECT r.instant FROM reading r WHERE r.meter_id = m.id
                               AND r.channel = ch.name AND r.instant <= lim.t ORDER BY r.instant DESC LIMIT 1) l ON true
            LEFT JOIN LATERAL (SELECT k.last_instant FROM reading_block k WHERE k.meter_id = m.id AND k.channel = ch.name
                               AND k.last_instant <= lim.t ORDER BY k.day DESC LIMIT 1) b ON true""";

    private IngestSql() {
    }
}
