package org.ecofoyer.ingest.sync;

import java.util.stream.Collectors;
import org.ecofoyer.core.MeterKind;

/** Every SQL statement of the utility sync, by name. */
final class SyncSql {
    /** The kinds synced from a utility, as an SQL list: {@code ('ENEDIS_API', 'GAZPAR', 'TELEO')}. */
    static final String UTILITY_KINDS = MeterKind.utilities().stream().map(k -> "'" + k.name() + "'")
            .collect(Collectors.joining(", ", "(", ")"));

    static final String DUE_METERS = "SELECT m.code FROM meter m LEFT JOIN utility_sync s ON s.meter_id = m.id"
            + " WHERE m.kind IN " + UTILITY_KINDS + " AND (s.meter_id IS NULL OR s.next_run <= ?)"
            + " ORDER BY coalesce(s.next_run, '-infinity'), m.code";

    static final String ENSURE_STATE = "INSERT INTO utility_sync (meter_id) VALUES (?) ON CONFLICT (meter_id) DO NOTHING";

    static final String STATE = "SELECT s.cursor_day, s.backfill_from, s.last_success, s.last_error, s.last_error_kind,"
            + " s.last_error_at, s.next_run, s.running_since, s.progress_days, s.progress_total, s.last_run_readings"
            + " FROM utility_sync s WHERE s.meter_id = ?";

    static final String START_RUN = "UPDATE utility_sync SET running_since = now(), progress_days = 0, progress_total = ?,"
            + " backfill_from = coalesce(backfill_from, ?), updated_at = now() WHERE meter_id = ?";

    /** In the writer's transaction: the window is committed, so the cursor may move past it. */
    static final String ADVANCE = "UPDATE utility_sync SET cursor_day = greatest(coalesce(cursor_day, ?), ?),"
            + " progress_days = progress_days + ?, updated_at = now() WHERE meter_id = ?";

    /**
     * In the writer's transaction, after its insert (which ignores existing keys): corrected values replace the stored
     * ones. Returns the instants that changed, so that the aggregator is told from the earliest.
     */
    static final String CORRECT = "UPDATE reading r SET value = u.value"
            + " FROM unnest(?::text[], ?::timestamptz[], ?::bigint[]) AS u(channel, instant, value)"
            + " WHERE r.meter_id = ? AND r.channel = u.channel AND r.instant = u.instant AND r.value <> u.value"
            + " RETURNING r.instant";

    static final String SUCCEEDED = "UPDATE utility_sync SET last_success = now(), last_error = NULL, last_error_kind = NULL,"
            + " last_error_at = NULL, next_run = ?, running_since = NULL, last_run_readings = ?, updated_at = now()"
            + " WHERE meter_id = ?";

    static final String FAILED = "UPDATE utility_sync SET last_error = ?, last_error_kind = ?, last_error_at = now(),"
            + " next_run = ?, running_since = NULL, last_run_readings = ?, updated_at = now() WHERE meter_id = ?";

    private SyncSql() {
    }
}
