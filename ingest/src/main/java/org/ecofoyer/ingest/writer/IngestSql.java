package org.ecofoyer.ingest.writer;

import org.ecofoyer.storage.RecomputeMarks;

/** The writer's SQL statements, by name (run by {@link ReadingStore}). */
final class IngestSql {
    /** A session-private staging table: COPY lands here, then one INSERT moves the new rows into {@code reading}. */
    static final String CREATE_STAGE = "CREATE TEMP TABLE IF NOT EXISTS reading_stage (meter_id integer, channel text,"
            + " instant timestamptz, value bigint) ON COMMIT DELETE ROWS";
    static final String COPY_STAGE = "COPY reading_stage (meter_id, channel, instant, value) FROM STDIN";

    /**
     * Moves staged rows into {@code reading}, ignoring those already there (the natural key makes redelivery harmless),
     * and marks each meter dirty from the earliest instant actually inserted ({@link RecomputeMarks}, the one owner of the
     * mark), in the same statement and transaction: one statement per batch, whatever its number of meters.
     * Rows are taken in key order so that concurrent writers lock in the same order (no deadlock). Returns one row:
     * the number inserted. {@code reading} has no per-row foreign key (too costly for live data, see migration
     * V10_2_0): every meter that gets a row here also gets its dirty mark in this statement, and {@code reading_dirty}'s
     * foreign key refuses the whole statement when that meter no longer exists.
     */
    static final String MERGE_STAGE = """
            WITH ins AS (
                INSERT INTO reading (meter_id, channel, instant, value)
                SELECT meter_id, channel, instant, value FROM reading_stage ORDER BY meter_id, channel, instant
                ON CONFLICT (meter_id, channel, instant) DO NOTHING
                RETURNING meter_id, instant
            ), dirty AS (
            """ + RecomputeMarks.markRowsOf("SELECT meter_id, min(instant) FROM ins GROUP BY meter_id ORDER BY meter_id") + """
             RETURNING 1
            )
            SELECT (SELECT count(*) FROM ins), (SELECT count(*) FROM dirty)""";

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

    private IngestSql() {
    }
}
