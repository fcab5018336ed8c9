package org.ecofoyer.aggregation.query;

import java.time.LocalDate;
import java.util.Objects;
import org.ecofoyer.aggregation.maths.Granularity;
import org.ecofoyer.core.Fluid;

/**
 * A request for a household's consumption series.
 *
 * @param householdId whose meters (only that household's meters are ever read)
 * @param fluid       which fluid; several meters of the same fluid are summed
 * @param granularity the bucket size
 * @param from        first local date included
 * @param to          first local date excluded ({@code to > from})
 */
public record SeriesQuery(String householdId, Fluid fluid, Granularity granularity, LocalDate from, LocalDate to) {
    public SeriesQuery {
        Objects.requireNonNull(householdId, "householdId");
        Objects.requireNonNull(fluid, "fluid");
        Objects.requireNonNull(granularity, "granularity");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("to: must be after from (" + from + "), got " + to);
        }
    }
}
