package org.ecofoyer.aggregation.maths;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

/**
 * Electricity analyses over a range of local dates, computed from half-hour rollups only (a half-hour's average
 * power is its Wh × 2).
 *
 * @param baseloadW        standby baseline ("talon"), {@link Standby#headline}: the quietest season's standby, so that
 *                         winter heating running through the night is not counted as standby. {@code null} without
 *                         night data
 * @param baseloadBySeason each season's standby ({@link Standby#bySeason}: the quietest fifth of its nights' lowest
 *                         half-hour between 01:00 and 05:00); a winter figure far above the others is heating
 * @param peakW            the highest half-hour average power
 * @param peakAt           when that half-hour starts (UTC)
 * @param peakLocal        the same in local time
 * @param periodShare      each tariff period's share of the consumption (sums to 1)
 * @param weekdayProfileW  mean power per local half-hour of the day (index 0 = 00:00-00:30), Monday to Friday
 * @param weekendProfileW  the same for Saturday and Sunday
 * @param dayHourKwh       the day × hour matrix: per local day, kWh per local hour (24 values; on the autumn DST day
 *                         the repeated hour's two halves add up in hour 2, on the spring day hour 2 is 0)
 * @param perM2Kwh         the range's kWh per m² of the household's surface, {@code null} if the surface is unknown
 * @param totals           the range's totals (what the period shares and the kWh per m² come from; the dashboard
 *                         prices the standby baseline with them)
 */
public record Analysis(Double baseloadW, Map<Season, Double> baseloadBySeason, Double peakW, Instant peakAt, LocalDateTime peakLocal,
                       Map<String, Double> periodShare, double[] weekdayProfileW, double[] weekendProfileW,
                       List<DayHours> dayHourKwh, Double perM2Kwh, Totals totals) {

    /** One row of the day × hour matrix. */
    public record DayHours(LocalDate day, double[] kwh) {
    }
}
