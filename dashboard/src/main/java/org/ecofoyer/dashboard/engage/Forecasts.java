package org.ecofoyer.dashboard.engage;

/**
 * The month's and the year's totals, projected. The method: what the data says so far, plus each day still to come
 * (including the days whose data has not arrived yet) at the household's recent daily rate (the last 28 days with data);
 * for the year, the days still to come are taken from the same dates last year when the household has all of them
 * (heating follows the seasons), else at the recent rate.
 */
public final class Forecasts {
    public static final int RECENT_DAYS = 28;

    private Forecasts() {
    }

    /**
     * One projected total.
     *
     * @param soFar       the quantity (or euros) the data gives so far
     * @param daysWithData days of the period that have data
     * @param days        days in the whole period
     * @param rest        what the days without data are estimated at
     * @param total       {@code soFar + rest}
     * @param basis       how {@code rest} was estimated: {@code recent_rate} or {@code last_year}
     */
    public record Projection(double soFar, int daysWithData, int days, double rest, double total, String basis) {
    }

    /** {@code soFar} over {@code daysWithData} of {@code days}, the rest at {@code recent / recentDays} a day. */
    public static Projection atRecentRate(double soFar, int daysWithData, int days, double recent, int recentDays) {
        double rate = recentDays > 0 ? recent / recentDays : daysWithData > 0 ? soFar / daysWithData : 0;
        double rest = rate * Math.max(0, days - daysWithData);
        return new Projection(soFar, daysWithData, days, rest, soFar + rest, "recent_rate");
    }

    /** The year: the rest from last year's same dates when they are all there ({@code lastYearDays == daysLeft}). */
    public static Projection year(double soFar, int daysWithData, int days, double lastYearRest, int lastYearDays, double recent,
                                  int recentDays) {
        int left = Math.max(0, days - daysWithData);
        if (left > 0 && lastYearDays == left) {
            return new Projection(soFar, daysWithData, days, lastYearRest, soFar + lastYearRest, "last_year");
        }
        return atRecentRate(soFar, daysWithData, days, recent, recentDays);
    }
}
