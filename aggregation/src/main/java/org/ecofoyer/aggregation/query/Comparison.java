package org.ecofoyer.aggregation.query;

import java.time.LocalDate;
import org.ecofoyer.aggregation.maths.Totals;

/**
 * A period compared with the one just before it (same length) and the same dates a year earlier.
 *
 * @param from             first local date of the period
 * @param to               first local date after it
 * @param current          the period's totals
 * @param previous         totals over {@code [from - length, from)}
 * @param lastYear         totals over the same dates a year earlier
 * @param changeVsPrevious relative change of the quantity ({@code 0.1} = +10 %), {@code null} if the reference is 0
 * @param changeVsLastYear same against last year
 */
public record Comparison(LocalDate from, LocalDate to, Totals current, Totals previous, Totals lastYear,
                         Double changeVsPrevious, Double changeVsLastYear) {
}
