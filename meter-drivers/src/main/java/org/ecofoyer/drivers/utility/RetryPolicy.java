package org.ecofoyer.drivers.utility;

import java.time.Duration;

/**
 * How a client retries one call before it gives up and reports a typed error to the sync (which then plans its
 * next run): transient failures (5xx, timeouts, truncated bodies, 429) are retried with exponential backoff.
 *
 * @param attempts        total attempts per call (1 = no retry)
 * @param backoff         wait before the first retry, doubled each time
 * @param maxRetryAfter   the longest 429 {@code Retry-After} the client waits for in place; longer ones end the call
 *                        with {@link UtilityException.Kind#RATE_LIMITED} and the time to come back
 * @param requestTimeout  how long a call may go without any answer data before it is abandoned
 */
public record RetryPolicy(int attempts, Duration backoff, Duration maxRetryAfter, Duration requestTimeout) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(4, Duration.ofSeconds(2), Duration.ofSeconds(120),
            Duration.ofSeconds(60));

    public RetryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
    }

    /** The wait before retry number {@code retry} (1-based). */
    public Duration backoffBefore(int retry) {
        return backoff.multipliedBy(1L << Math.min(retry - 1, 16));
    }
}
