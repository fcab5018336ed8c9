package org.ecofoyer.ingest.writer;

/**
 * What became of one submission once the transaction holding it committed.
 *
 * @param written  readings now in the database: inserted, or already there (same meter, channel and instant:
 *                 a redelivery, ignored as it must be). The split is in the metrics, not per submission.
 * @param rejected readings refused before writing (unknown meter code), counted by reason in the metrics
 */
public record WriteResult(int written, int rejected) {
    public static final WriteResult EMPTY = new WriteResult(0, 0);

    public WriteResult plus(WriteResult o) {
        return new WriteResult(written + o.written, rejected + o.rejected);
    }
}
