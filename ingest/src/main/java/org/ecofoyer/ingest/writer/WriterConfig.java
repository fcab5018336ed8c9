package org.ecofoyer.ingest.writer;

import java.time.Duration;

/**
 * How the {@link ReadingWriter} batches and retries.
 *
 * @param batchSize     readings per transaction at most (a batch is written as soon as it is full)
 * @param batchMaxAge   how long the oldest queued reading may wait for a batch to fill
 * @param queueCapacity readings waiting for the database at most; beyond it sources are held back
 * @param threads       writer threads (each one transaction at a time, its own connection)
 * @param retryMin      first pause after a failed transaction (database down); doubled up to {@code retryMax}
 * @param retryMax      longest pause between two attempts
 * @param stallTimeout  a transaction unanswered this long makes the writer report the database down (health, metric)
 *                      while it waits on: a silent database (a partition) is seen even where the driver waits for
 *                      more than one read timeout (pgjdbc's COPY cancellation reads again after its read timed out)
 */
public record WriterConfig(Integer batchSize, Duration batchMaxAge, Integer queueCapacity, Integer threads,
                           Duration retryMin, Duration retryMax, Duration stallTimeout) {
    public static final WriterConfig DEFAULTS = new WriterConfig(null, null, null, null, null, null);

    /** The stall timeout at its default. */
    public WriterConfig(Integer batchSize, Duration batchMaxAge, Integer queueCapacity, Integer threads,
                        Duration retryMin, Duration retryMax) {
        this(batchSize, batchMaxAge, queueCapacity, threads, retryMin, retryMax, null);
    }

    public WriterConfig {
        batchSize = batchSize == null ? 5000 : batchSize;
        if (batchSize < 1 || batchSize > 1_000_000) {
            throw new IllegalArgumentException("batchSize: expected a number of readings between 1 and 1000000, got " + batchSize);
        }
        batchMaxAge = batchMaxAge == null ? Duration.ofMillis(250) : batchMaxAge;
        if (batchMaxAge.isNegative() || batchMaxAge.isZero()) {
            throw new IllegalArgumentException("batchMaxAge: expected a positive duration such as 250ms, got " + batchMaxAge);
        }
        queueCapacity = queueCapacity == null ? 200_000 : queueCapacity;
        if (queueCapacity < batchSize) {
            throw new IllegalArgumentException("queueCapacity: expected at least batch-size (" + batchSize + ") readings, got " + queueCapacity);
        }
        threads = threads == null ? 2 : threads;
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("threads: expected a number of writer threads between 1 and 64, got " + threads);
        }
        retryMin = retryMin == null ? Duration.ofMillis(200) : retryMin;
        retryMax = retryMax == null ? Duration.ofSeconds(10) : retryMax;
        if (retryMin.isNegative() || retryMin.isZero() || retryMax.compareTo(retryMin) < 0) {
            throw new IllegalArgumentException("retryMin: expected a positive duration not above retry-max, got " + retryMin);
        }
        stallTimeout = stallTimeout == null ? Duration.ofSeconds(25) : stallTimeout;
        if (stallTimeout.isNegative() || stallTimeout.isZero()) {
            throw new IllegalArgumentException("stallTimeout: expected a positive duration such as 25s, got " + stallTimeout);
        }
    }

    public WriterConfig withBatch(int size, Duration maxAge) {
        return new WriterConfig(size, maxAge, Math.max(queueCapacity, size), threads, retryMin, retryMax, stallTimeout);
    }
}
