package org.ecofoyer.ingest.sync;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A meter's utility sync state, as shown to its household (the dashboard) and in {@code ecofoyer sync}: read through
 * {@link SyncStates}.
 *
 * @param meter          the meter's code
 * @param cursor         every local day before it has been fetched and stored ({@code null}: never synced)
 * @param backfillFrom   the first day the backfill asked the utility for
 * @param lastSuccess    the end of the last successful sync
 * @param lastError      what went wrong last, in words for the household or operator ({@code null} after a success)
 * @param lastErrorKind  its {@link org.ecofoyer.drivers.utility.UtilityException.Kind}
 * @param lastErrorAt    when
 * @param nextRun        when the next sync is planned
 * @param runningSince   when the sync in progress began, {@code null} when none runs
 * @param progressDays   days done in the current (or last) run
 * @param progressTotal  days to do in it
 */
public record SyncState(String meter, LocalDate cursor, LocalDate backfillFrom, Instant lastSuccess, String lastError,
                        String lastErrorKind, Instant lastErrorAt, Instant nextRun, Instant runningSince,
                        int progressDays, int progressTotal) {
}
