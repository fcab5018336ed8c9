package org.ecofoyer.drivers.utility;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Splits a period of days into consecutive windows an API accepts in one call. */
public final class DateWindows {
    /** A period of whole days, {@code [from, to)}. */
    public record Window(LocalDate from, LocalDate to) {
        public long days() {
            return to.toEpochDay() - from.toEpochDay();
        }
    }

    private DateWindows() {
    }

    /** {@code [from, to)} cut into windows of at most {@code maxDays}, in order, the last one possibly shorter. */
    public static List<Window> split(LocalDate from, LocalDate to, int maxDays) {
        if (maxDays < 1) {
            throw new IllegalArgumentException("maxDays must be at least 1");
        }
        List<Window> out = new ArrayList<>();
        LocalDate start = from;
        while (start.isBefore(to)) {
            LocalDate end = start.plusDays(maxDays);
            if (end.isAfter(to)) {
                end = to;
            }
            out.add(new Window(start, end));
            start = end;
        }
        return out;
    }
}
