package org.ecofoyer.ingest.writer;

import java.util.Map;
import java.util.TreeMap;

/**
 * What became of one submission once the transaction holding it committed.
 *
 * @param written     readings now in {@code reading}: inserted, or already there (same meter, channel and instant:
 *                    a redelivery, ignored as it must be). The split is in the metrics, not per submission.
 * @param rejected    readings refused before writing (unknown meter code), counted by reason in the metrics
 * @param quarantined readings held in quarantine instead, by reason (docs/architecture.md, "Quarantine"); never null
 */
public record WriteResult(int written, int rejected, Map<String, Integer> quarantined) {
    public static final WriteResult EMPTY = new WriteResult(0, 0);

    public WriteResult {
        quarantined = quarantined == null ? Map.of() : Map.copyOf(quarantined);
    }

    public WriteResult(int written, int rejected) {
        this(written, rejected, Map.of());
    }

    /** Readings held in quarantine, all reasons. */
    public int quarantinedTotal() {
        return quarantined.values().stream().mapToInt(Integer::intValue).sum();
    }

    public WriteResult plus(WriteResult o) {
        Map<String, Integer> q = new TreeMap<>(quarantined);
        o.quarantined.forEach((k, v) -> q.merge(k, v, Integer::sum));
        return new WriteResult(written + o.written, rejected + o.rejected, q);
    }
}
