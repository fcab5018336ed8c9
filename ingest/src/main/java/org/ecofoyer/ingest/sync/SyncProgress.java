package org.ecofoyer.ingest.sync;

/** Told after each committed window of a sync: for progress bars and logs. */
@FunctionalInterface
public interface SyncProgress {
    SyncProgress NONE = (meter, done, total) -> { };

    void update(String meter, int daysDone, int daysTotal);
}
