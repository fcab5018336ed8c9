package org.ecofoyer.drivers.utility;

import java.util.List;
import org.ecofoyer.drivers.Reading;

/**
 * What one fetch of a period gave.
 *
 * @param readings the readings, in the order the API gave them
 * @param skipped  records that were not usable (malformed line, impossible value), counted and logged once each
 */
public record Fetched(List<Reading> readings, int skipped) {
    public Fetched {
        readings = List.copyOf(readings);
    }

    public static Fetched empty() {
        return new Fetched(List.of(), 0);
    }
}
