package org.ecofoyer.tools.demo;

import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

/**
 * The demo's weather: <b>generated, not measured</b> (no daily degree-day series for Lyon or for 2023-2026 was
 * reachable, see the reference data's README). A stated climate normal close to Paris-Montsouris' — mean daily
 * temperature {@code 12.5 − 7.5 × cos(2π (day of year − 15) / 365)} °C, so about 5 °C in mid-January and 20 °C in
 * mid-July — with each heating season (July to June) {@code 0.8 °C} milder than the one before it, so that two winters
 * differ as real ones do. Degree-days by the Météo method on base 18 °C: {@code max(0, 18 − T)}. Imported under the zone
 * {@link #ZONE}, as an operator imports a station's series with {@code ecofoyer tariff dju}.
 */
public final class DemoClimate {
    /** The zone (weather station) name the demo's degree-days are stored under; it says what it is. */
    public static final String ZONE = "demo-climate-normal";
    static final double MEAN_C = 12.5;
    static final double AMPLITUDE_C = 7.5;
    static final double MILDER_EACH_SEASON_C = 0.8;
    static final double BASE_C = 18;

    private DemoClimate() {
    }

    /** The day's mean temperature in °C. */
    static double temperature(LocalDate d) {
        int season = d.getMonthValue() >= 7 ? d.getYear() : d.getYear() - 1; // July to June
        double seasonal = MEAN_C - AMPLITUDE_C * Math.cos(2 * Math.PI * (d.getDayOfYear() - 15) / 365.0);
        return seasonal + MILDER_EACH_SEASON_C * (season - 2024);
    }

    /** The day's heating degree-days, rounded to 0.1 as published series are. */
    public static double dju(LocalDate d) {
        return Math.round(10 * Math.max(0, BASE_C - temperature(d))) / 10.0;
    }

    /** Every day of [from, to). */
    public static Map<LocalDate, Double> series(LocalDate from, LocalDate to) {
        Map<LocalDate, Double> out = new TreeMap<>();
        for (LocalDate d = from; d.isBefore(to); d = d.plusDays(1)) {
            out.put(d, dju(d));
        }
        return out;
    }
}
