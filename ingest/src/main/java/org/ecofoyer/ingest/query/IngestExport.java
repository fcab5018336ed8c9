package org.ecofoyer.ingest.query;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.ecofoyer.storage.ZipCopy;

/**
 * Ingest's part of a household's export: the tables ingest owns that hold something about the household's meters —
 * every raw reading (hot rows and compacted blocks), the readings held in quarantine (with their reason and source), the detected index resets and
 * replacements, the utility sync state, the subscriptions and daily maxima the meters announced (#16), and where retention has removed raw readings (the raw horizon) — as CSV files streamed
 * out of PostgreSQL with {@code COPY} (bounded memory whatever the size). Blocking: run on a worker.
 */
public final class IngestExport {
    /** The tables this part exports (the export's completeness test checks every household-related table is named somewhere). */
    public static final List<String> TABLES = List.of("reading", "reading_block", "reading_quarantine", "meter_event", "utility_sync", "raw_horizon",
            "meter_contract", "meter_daily_max");

    static final String COPY_QUARANTINE = "COPY (SELECT m.code AS meter, q.channel, q.instant, q.value, q.reason, q.source,"
            + " q.detail, q.received_at, q.checked_at FROM reading_quarantine q JOIN meter m ON m.id = q.meter_id"
            + " WHERE m.household_id = %s ORDER BY m.code, q.id) TO STDOUT WITH (FORMAT csv, HEADER true)";
    static final String COPY_METER_EVENTS = "COPY (SELECT m.code AS meter, e.instant, e.kind, e.channel, e.detail FROM meter_event e"
            + " JOIN meter m ON m.id = e.meter_id WHERE m.household_id = %s ORDER BY m.code, e.instant, e.kind)"
            + " TO STDOUT WITH (FORMAT csv, HEADER true)";
    static final String COPY_SYNC_STATE = "COPY (SELECT m.code AS meter, s.cursor_day AS data_until_excluded, s.backfill_from,"
            + " s.last_success, s.last_error, s.last_error_kind, s.last_error_at, s.next_run, s.last_run_readings FROM utility_sync s"
            + " JOIN meter m ON m.id = s.meter_id WHERE m.household_id = %s ORDER BY m.code) TO STDOUT WITH (FORMAT csv, HEADER true)";

    /** Where each meter's raw readings begin since retention removed older ones (rollups before it are kept). */
    static final String COPY_RAW_HORIZON = "COPY (SELECT m.code AS meter, h.horizon AS raw_readings_removed_before FROM raw_horizon h"
            + " JOIN meter m ON m.id = h.meter_id WHERE m.household_id = %s ORDER BY m.code) TO STDOUT WITH (FORMAT csv, HEADER true)";

    private IngestExport() {
    }

    public static void write(Connection c, String householdId, ZipOutputStream zip) throws SQLException, IOException {
        // hot rows and compacted blocks: decoded here, so not a COPY
        zip.putNextEntry(new ZipEntry("readings.csv"));
        ReadingsCsv.write(c, householdId, zip);
        zip.closeEntry();
        ZipCopy.copy(c, zip, "quarantined-readings.csv", COPY_QUARANTINE, householdId);
        ZipCopy.copy(c, zip, "meter-events.csv", COPY_METER_EVENTS, householdId);
        ZipCopy.copy(c, zip, "utility-sync.csv", COPY_SYNC_STATE, householdId);
        ZipCopy.copy(c, zip, "raw-horizon.csv", COPY_RAW_HORIZON, householdId);
        ZipCopy.copy(c, zip, "meter-contracts.csv", MeterFactsSql.COPY_CONTRACTS, householdId);
        ZipCopy.copy(c, zip, "meter-daily-maxima.csv", MeterFactsSql.COPY_DAILY_MAXIMA, householdId);
    }
}
