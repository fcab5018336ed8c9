package org.ecofoyer.ingest;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Cumulative latency histogram with ~4% wide logarithmic buckets from 0.1 ms to ~30 min: percentiles over a whole
 * run (the load test's p99), which Micrometer's decaying windows do not give.
 */
public final class LatencyHistogram {
    private static final double MIN_MS = 0.1;
    private static final double GROWTH = 1.04;
    private static final int BUCKETS = 430;
    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    public void record(long nanos) {
        double ms = nanos / 1e6;
        int i = ms <= MIN_MS ? 0 : (int) Math.ceil(Math.log(ms / MIN_MS) / Math.log(GROWTH));
        counts.incrementAndGet(Math.min(i, BUCKETS - 1));
    }

    public long count() {
        long n = 0;
        for (int i = 0; i < BUCKETS; i++) {
            n += counts.get(i);
        }
        return n;
    }

    /** The counts so far, to compute the percentiles of a window with {@link #percentileMs(long[], long[], double)}. */
    public long[] snapshot() {
        long[] out = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            out[i] = counts.get(i);
        }
        return out;
    }

    /** The upper bound, in milliseconds, of the bucket holding quantile {@code q} (0..1); 0 when empty. */
    public double percentileMs(double q) {
        return percentileMs(snapshot(), new long[BUCKETS], q);
    }

    /** {@link #percentileMs(double)} of what was recorded between two snapshots. */
    public static double percentileMs(long[] to, long[] from, double q) {
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            total += to[i] - from[i];
        }
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += to[i] - from[i];
            if (seen >= rank) {
                return MIN_MS * Math.pow(GROWTH, i);
            }
        }
        return MIN_MS * Math.pow(GROWTH, BUCKETS - 1);
    }
}
