package org.ecofoyer.dashboard.engage;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import org.ecofoyer.aggregation.maths.Totals;
import org.ecofoyer.core.Fluid;

/** The month's and the year's totals projected per fluid (kWh or litres, and euros), and the budget beside. */
public final class ForecastView {
    public static final String METHOD = "So far (days with data, today excluded) plus every other day of the period at the average"
            + " of the last 28 days with data; for the year, the rest from the same dates last year when all of them have data."
            + " Euros include the subscription when it is known.";

    private ForecastView() {
    }

    /** The figures, and {@code monthEur}: the month's total in euros over all fluids (null when a price is missing). */
    public record Result(JsonObject json, Double monthEur) {
    }

    public static Result build(HouseholdConsumption hc, LocalDate today, Double budgetEur) throws SQLException {
        LocalDate month = today.withDayOfMonth(1);
        LocalDate year = today.withDayOfYear(1);
        int monthDays = month.lengthOfMonth();
        int yearDays = year.lengthOfYear();
        JsonArray fluids = new JsonArray();
        double monthEur = 0;
        boolean priced = true;
        double yearEur = 0;
        for (Fluid f : hc.fluids()) {
            Totals soFar = hc.totals(f, month, today);
            Totals ytd = hc.totals(f, year, today);
            Totals recent = recent(hc, f, today);
            LocalDate yearEnd = year.plusYears(1);
            int left = yearDays - ytd.days();
            // The year's rest from last year's same dates, when this year has no gap so far and last year has them all.
            Totals lastYear = hc.totals(f, today.minusYears(1), yearEnd.minusYears(1));
            boolean fromLastYear = ytd.days() == ChronoUnit.DAYS.between(year, today)
                    && lastYear.days() == ChronoUnit.DAYS.between(today, yearEnd);
            Forecasts.Projection mq = Forecasts.atRecentRate(soFar.quantity(), soFar.days(), monthDays, recent.quantity(), recent.days());
            Forecasts.Projection yq = Forecasts.year(ytd.quantity(), ytd.days(), yearDays, lastYear.quantity(),
                    fromLastYear ? left : -1, recent.quantity(), recent.days());
            Double soFarEur = HouseholdConsumption.eur(soFar);
            Double ytdEur = HouseholdConsumption.eur(ytd);
            Double recentEur = HouseholdConsumption.eur(recent);
            Double lastYearEur = HouseholdConsumption.eur(lastYear);
            Forecasts.Projection me = soFarEur == null || recentEur == null ? null
                    : Forecasts.atRecentRate(soFarEur, soFar.days(), monthDays, recentEur, recent.days());
            Forecasts.Projection ye = ytdEur == null || recentEur == null ? null
                    : Forecasts.year(ytdEur, ytd.days(), yearDays, lastYearEur == null ? 0 : lastYearEur,
                    fromLastYear && lastYearEur != null ? left : -1, recentEur, recent.days());
            if (me == null) {
                priced = false;
            } else {
                monthEur += me.total();
                yearEur += ye == null ? 0 : ye.total();
            }
            fluids.add(new JsonObject().put("fluid", f.name().toLowerCase(java.util.Locale.ROOT)).put("unit", f.unit())
                    .put("month", projection(mq, me)).put("year", projection(yq, ye)));
        }
        JsonObject o = new JsonObject().put("today", today.toString()).put("month", month.toString().substring(0, 7))
                .put("year", year.getYear()).put("method", METHOD).put("fluids", fluids)
                .put("monthEur", priced ? monthEur : null).put("yearEur", priced ? yearEur : null)
                .put("budgetEur", budgetEur)
                .put("budgetAtRisk", priced && AlertRules.budgetAtRisk(monthEur, budgetEur));
        return new Result(o, priced ? monthEur : null);
    }

    /** The last 28 days before today (those with data count). */
    static Totals recent(HouseholdConsumption hc, Fluid f, LocalDate today) throws SQLException {
        return hc.totals(f, today.minusDays(Forecasts.RECENT_DAYS), today);
    }

    static JsonObject projection(Forecasts.Projection q, Forecasts.Projection e) {
        return new JsonObject().put("soFar", q.soFar()).put("total", q.total()).put("daysWithData", q.daysWithData())
                .put("days", q.days()).put("basis", q.basis())
                .put("soFarEur", e == null ? null : e.soFar()).put("totalEur", e == null ? null : e.total());
    }
}
