package org.ecofoyer.aggregation.maths;

import java.time.LocalDate;

/**
 * Heating consumption corrected by degree-days (DJU): what the period would have used in a reference climate.
 *
 * @param from             first local date
 * @param to               first local date after the range
 * @param quantity         actual consumption (fluid unit)
 * @param dju              the period's degree-days from the imported series
 * @param referenceDju     the reference degree-days (the mean of the same dates over the imported years)
 * @param correctedQuantity {@code quantity × referenceDju / dju}
 * @param perM2            corrected quantity per m², {@code null} if the surface is unknown
 * @param djuDays          how many days of the range have a DJU value (less than the range: the figure is partial)
 */
public record DegreeDayCorrection(LocalDate from, LocalDate to, double quantity, double dju, double referenceDju,
                                  double correctedQuantity, Double perM2, int djuDays) {
}
