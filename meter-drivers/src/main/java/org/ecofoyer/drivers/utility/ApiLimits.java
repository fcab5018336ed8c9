package org.ecofoyer.drivers.utility;

import java.time.Duration;

/**
 * What a utility API allows, used to size and pace calls.
 *
 * @param minInterval      the shortest gap between two calls (GRDF asks for 1 s; Enedis allows 5 calls/s)
 * @param maxCallsPerHour  the hourly quota, 0 for none
 * @param maxDaysPerCall   the longest period one data call may cover
 * @param historyDays      how far back the API keeps data
 */
public record ApiLimits(Duration minInterval, int maxCallsPerHour, int maxDaysPerCall, int historyDays) {
    public ApiLimits {
        if (maxDaysPerCall < 1 || historyDays < 1) {
            throw new IllegalArgumentException("maxDaysPerCall and historyDays must be at least 1");
        }
    }
}
