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
     * Moves the raw horizon of every meter with readings before the cut-off to the cut-off (never back). Parameters:
     * the cut-off, twice.
     */
    static final String MOVE_RAW_HORIZON = """
            INSERT INTO raw_horizon (meter_id, horizon)
            SELECT DISTINCT meter_id, ?::timestamptz FROM reading WHERE instant < ?
            ON CONFLICT (meter_id) DO UPDATE SET horizon = excluded.horizon WHERE raw_horizon.horizon < excluded.horizon""";

    // --- the quarantine (Quarantine: what an operator lists, releases, drops) -------------------------------------

    /**
     * Quarantined readings with their meter's code, by id, from a selection. Parameters: ids ({@code bigint[]}, null:
     * any), meter code (null: any), reason (null: any), after id, limit.
     */
    static final String QUARANTINE_SELECT = """
            SELECT q.id, m.code, q.channel, q.instant, q.value, q.reason, q.source, q.detail, q.received_at, q.checked_at
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
     * The latest instant of some channels of a meter (by code), not after an instant: one backward index probe per
     * channel. Parameters: channels ({@code text[]}), meter code, not after.
     */
    static final String LAST_STAMP = """
            SELECT max(l.instant) FROM unnest(?::text[]) ch(name)
            CROSS JOIN LATERAL (SELECT r.instant FROM reading r WHERE r.meter_id = (SELECT id FROM meter WHERE code = ?)
                                AND r.channel = ch.name AND r.instant <= ? ORDER BY r.instant DESC LIMIT 1) l""";

    private IngestSql() {
    }
}
