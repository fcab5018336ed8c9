package org.ecofoyer.ingest.sync;

import java.time.LocalDate;
import org.ecofoyer.drivers.utility.UtilityException;

/**
 * What one sync of one meter did.
 *
 * @param meter    the meter's code
 * @param from     first day asked for
 * @param to       first day not asked for
 * @param days     days fetched and committed
 * @param readings readings handed to the writer (new, unchanged or corrected)
 * @param skipped  records the utility sent that could not be used
 * @param error    why it stopped early, {@code null} when it completed
 */
public record SyncReport(String meter, LocalDate from, LocalDate to, int days, int readings, int skipped,
                         UtilityException error) {
    public boolean ok() {
        return error == null;
    }
}
