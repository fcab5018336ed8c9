package org.ecofoyer.drivers.utility;

import io.vertx.core.Future;
import java.time.LocalDate;

/**
 * A utility API seen by the sync: fetch every reading of a meter for whole local days {@code [from, to)}. The
 * period must fit {@link ApiLimits#maxDaysPerCall()} of {@link #limits()}: the sync splits longer periods with
 * {@link DateWindows}. Failures are {@link UtilityException}s.
 */
public interface UtilitySource {
    Utility utility();

    ApiLimits limits();

    Future<Fetched> fetch(MeterRef meter, LocalDate from, LocalDate to);
}
