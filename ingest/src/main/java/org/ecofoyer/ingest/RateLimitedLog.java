package org.ecofoyer.ingest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/** Logs a warning (or a notice) at most once per period and key, saying how many like it were left out meanwhile. */
public final class RateLimitedLog {
    private final Logger log;
    private final long periodNanos;
    private final Map<String, long[]> last = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> suppressed = new ConcurrentHashMap<>();

    public RateLimitedLog(Logger log, java.time.Duration period) {
        this.log = log;
        this.periodNanos = period.toNanos();
    }

    public void warn(String key, String format, Object... args) {
        log(true, key, format, args);
    }

    /** As {@link #warn}, at level INFO: something expected after a fault, worth a line, not an alarm. */
    public void info(String key, String format, Object... args) {
        log(false, key, format, args);
    }

    private void log(boolean warn, String key, String format, Object... args) {
        long now = System.nanoTime();
        long[] at = last.computeIfAbsent(key, k -> new long[] {now - periodNanos});
        AtomicLong skipped = suppressed.computeIfAbsent(key, k -> new AtomicLong());
        synchronized (at) {
            if (now - at[0] < periodNanos) {
                skipped.incrementAndGet();
                return;
            }
            at[0] = now;
        }
        long n = skipped.getAndSet(0);
        String line = n == 0 ? format : format + " (and " + n + " more like it since the last report)";
        if (warn) {
            log.warn(line, args);
        } else {
            log.info(line, args);
        }
    }
}
