package org.ecofoyer.ingest.query;

import java.util.List;

/**
 * Merges a channel's compacted blocks with its hot rows into one instant-ordered column pair. Pure.
 *
 * <p>The rule when both hold an instant: <b>the block's value wins</b>. A block holds what was stored first (the
 * compactor folds hot rows into it, keeping its own value on a clash), so this is the writer's rule — the first value
 * stored under a key stays, a redelivery is ignored — applied across the two tables: a duplicate that reaches the hot
 * table after its day was compacted changes nothing that is read. (A utility's correction, which must replace a value,
 * rewrites the block itself: {@code writer.CompactedDays#correct}.)
 */
public final class ColumnsMerge {
    private ColumnsMerge() {
    }

    /**
     * @param blocks blocks in instant order, not overlapping one another (one per day)
     * @param hot    hot rows in instant order
     * @param from   only instants at or after it (epoch microseconds)
     */
    public static ReadingCopy.Columns merge(List<ReadingCopy.Columns> blocks, ReadingCopy.Columns hot, long from) {
        int total = hot.size();
        for (ReadingCopy.Columns b : blocks) {
            total += b.size();
        }
        long[] micros = new long[total];
        long[] values = new long[total];
        int n = 0;
        int h = 0;
        for (ReadingCopy.Columns b : blocks) {
            for (int i = 0; i < b.size(); i++) {
                long t = b.micros()[i];
                if (t < from) {
                    continue;
                }
                while (h < hot.size() && hot.micros()[h] < t) {
                    if (hot.micros()[h] >= from) {
                        micros[n] = hot.micros()[h];
                        values[n++] = hot.values()[h];
                    }
                    h++;
                }
                if (h < hot.size() && hot.micros()[h] == t) {
                    h++; // the block's value wins
                }
                micros[n] = t;
                values[n++] = b.values()[i];
            }
        }
        for (; h < hot.size(); h++) {
            if (hot.micros()[h] >= from) {
                micros[n] = hot.micros()[h];
                values[n++] = hot.values()[h];
            }
        }
        return new ReadingCopy.Columns(micros, values, n);
    }
}
