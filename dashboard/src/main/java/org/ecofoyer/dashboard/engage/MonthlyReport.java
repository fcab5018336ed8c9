package org.ecofoyer.dashboard.engage;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.ecofoyer.aggregation.maths.SeriesPoint;
import org.ecofoyer.core.Fluid;

/**
 * The monthly report: per fluid, the month in kWh or litres and euros against the month before and the same month a
 * year before. Whole months are compared with whole months; when a month misses days, they are named, and the
 * averages per day with data are compared instead ({@link ReportMaths#change}). Then the biggest change, and one
 * ecogesture for that fluid (the one that saves the most among those the household has not answered yet).
 */
public final class MonthlyReport {
    private MonthlyReport() {
    }

    /** One month of one fluid, from its whole days. */
    record FluidMonth(YearMonth month, double quantity, Double eur, int days, List<LocalDate> missing) {
        JsonObject json() {
            JsonArray m = new JsonArray();
            missing.forEach(d -> m.add(d.toString()));
            return new JsonObject().put("month", month.toString()).put("quantity", quantity).put("eur", eur).put("days", days)
                    .put("length", month.lengthOfMonth()).put("missingDays", m);
        }
    }

    static FluidMonth month(HouseholdConsumption hc, Fluid f, YearMonth m) throws SQLException {
        TreeMap<LocalDate, SeriesPoint> days = hc.days(f, m.atDay(1), m.plusMonths(1).atDay(1));
        HouseholdConsumption.DaySums s = HouseholdConsumption.sum(days);
        List<LocalDate> missing = new ArrayList<>();
        for (LocalDate d = m.atDay(1); d.isBefore(m.plusMonths(1).atDay(1)); d = d.plusDays(1)) {
            if (!days.containsKey(d)) {
                missing.add(d);
            }
        }
        return new FluidMonth(m, s.quantity(), s.eur(), s.days(), missing);
    }

    public static JsonObject build(HouseholdConsumption hc, YearMonth month, GestureView gestures) throws SQLException {
        JsonArray fluids = new JsonArray();
        Map<Fluid, ReportMaths.Change> vsLastMonth = new LinkedHashMap<>();
        for (Fluid f : hc.fluids()) {
            FluidMonth now = month(hc, f, month);
            FluidMonth lm = month(hc, f, month.minusMonths(1));
            FluidMonth ly = month(hc, f, month.minusYears(1));
            ReportMaths.Change cLm = change(now, lm, false);
            ReportMaths.Change cLy = change(now, ly, false);
            vsLastMonth.put(f, cLm);
            fluids.add(new JsonObject().put("fluid", wire(f)).put("unit", f.unit())
                    .put("month", now.json()).put("lastMonth", lm.json()).put("lastYear", ly.json())
                    .put("vsLastMonth", changeJson(cLm)).put("vsLastYear", changeJson(cLy))
                    .put("eurVsLastMonth", changeJson(change(now, lm, true)))
                    .put("eurVsLastYear", changeJson(change(now, ly, true))));
        }
        JsonObject o = new JsonObject().put("month", month.toString()).put("fluids", fluids);
        Fluid biggest = ReportMaths.biggest(vsLastMonth).orElse(null);
        if (biggest != null) {
            o.put("biggestChange", new JsonObject().put("fluid", wire(biggest)).put("pct", vsLastMonth.get(biggest).pct()));
        }
        o.put("gesture", gestures.suggestion(biggest != null ? biggest : hc.fluids().isEmpty() ? null : hc.fluids().get(0)));
        return o;
    }

    static ReportMaths.Change change(FluidMonth now, FluidMonth before, boolean eur) {
        if (eur && (now.eur() == null || before.eur() == null)) {
            return null;
        }
        return ReportMaths.change(eur ? now.eur() : now.quantity(), now.days(), now.month().lengthOfMonth(),
                eur ? before.eur() : before.quantity(), before.days(), before.month().lengthOfMonth());
    }

    static JsonObject changeJson(ReportMaths.Change c) {
        return c == null ? null : new JsonObject().put("before", c.before()).put("now", c.now()).put("pct", c.pct()).put("basis", c.basis());
    }

    static String wire(Fluid f) {
        return f.name().toLowerCase(Locale.ROOT);
    }
}
