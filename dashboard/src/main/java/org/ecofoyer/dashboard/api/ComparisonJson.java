package org.ecofoyer.dashboard.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import org.ecofoyer.aggregation.maths.PeriodComparison;
import org.ecofoyer.aggregation.maths.SimilarHomes;
import org.ecofoyer.core.Fluid;
import org.ecofoyer.dashboard.HouseholdExport;

/** A period comparison and a similar-homes card as the API and the CSV export write them. */
final class ComparisonJson {
    private ComparisonJson() {
    }

    static JsonObject json(PeriodComparison c, Fluid fluid, String station, int baseC) {
        JsonArray months = new JsonArray();
        for (PeriodComparison.MonthPair m : c.months()) {
            months.add(new JsonObject().put("index", m.index()).put("a", month(m.a())).put("b", month(m.b())));
        }
        PeriodComparison.Difference d = c.difference();
        JsonObject sig = c.signature() == null ? null : new JsonObject().put("basePerDay", c.signature().basePerDay())
                .put("heatingPerDju", c.signature().heatingPerDju()).put("months", c.signature().months());
        return new JsonObject().put("fluid", fluid.name().toLowerCase(Locale.ROOT)).put("unit", fluid.unit())
                .put("a", period(c.a())).put("b", period(c.b())).put("months", months).put("equalSpans", c.equalSpans())
                .put("difference", new JsonObject().put("quantity", d.quantity()).put("cost", d.costEur()).put("percent", d.percent())
                        .put("perM2", d.perM2()).put("correctedQuantity", d.correctedQuantity()).put("correctedPercent", d.correctedPercent()))
                .put("signature", sig)
                .put("method", new JsonObject().put("weatherStation", station).put("baseTemperatureC", baseC)
                        .put("degreeDays", "DJU = max(0, " + baseC + " - (Tmin + Tmax) / 2) per day, as imported for the station")
                        .put("correction", "monthly consumption = base x days + k x DJU (least squares over the complete months of both"
                                + " periods); heating = consumption - base x days; b's heating is scaled by a's DJU per day over b's")
                        .put("normalisation", "each period at the first period's length, at its daily average over the days with data"))
                .put("notes", new JsonArray(c.notes()));
    }

    private static JsonObject period(PeriodComparison.Period p) {
        return new JsonObject().put("from", p.from().toString()).put("to", p.to().toString()).put("days", p.span())
                .put("daysWithData", p.daysWithData()).put("quantity", p.quantity()).put("cost", p.costEur())
                .put("normalisedQuantity", p.normalisedQuantity()).put("normalisedCost", p.normalisedCostEur()).put("perM2", p.perM2())
                .put("dju", p.dju()).put("djuDays", p.djuDays()).put("heating", p.heating()).put("heatingCorrected", p.heatingCorrected())
                .put("correctedQuantity", p.correctedQuantity());
    }

    private static JsonObject month(PeriodComparison.Month m) {
        return m == null ? null : new JsonObject().put("start", m.start().toString()).put("days", m.days()).put("quantity", m.quantity())
                .put("cost", m.costEur()).put("dju", m.dju()).put("complete", m.complete());
    }

    /** One line per figure: {@code line,a,b,difference,unit}; then the months side by side; then the notes. */
    static String csv(PeriodComparison c, Fluid fluid) {
        String u = fluid.unit();
        PeriodComparison.Period a = c.a();
        PeriodComparison.Period b = c.b();
        PeriodComparison.Difference d = c.difference();
        JsonArray rows = new JsonArray();
        rows.add(row("from", a.from(), b.from(), null, "date"));
        rows.add(row("to (excluded)", a.to(), b.to(), null, "date"));
        rows.add(row("days", a.span(), b.span(), b.span() - a.span(), "days"));
        rows.add(row("days with data", a.daysWithData(), b.daysWithData(), null, "days"));
        rows.add(row("consumption", a.quantity(), b.quantity(), null, u));
        rows.add(row("cost", a.costEur(), b.costEur(), null, "EUR"));
        rows.add(row("consumption at equal length", a.normalisedQuantity(), b.normalisedQuantity(), d.quantity(), u));
        rows.add(row("cost at equal length", a.normalisedCostEur(), b.normalisedCostEur(), d.costEur(), "EUR"));
        rows.add(row("change", null, null, d.percent(), "%"));
        rows.add(row("per m2", a.perM2(), b.perM2(), d.perM2(), u + "/m2"));
        rows.add(row("degree-days", a.dju(), b.dju(), null, "DJU"));
        rows.add(row("heating", a.heating(), b.heating(), null, u));
        rows.add(row("heating at a's weather", a.heatingCorrected(), b.heatingCorrected(), null, u));
        rows.add(row("weather-corrected consumption", a.correctedQuantity(), b.correctedQuantity(), d.correctedQuantity(), u));
        rows.add(row("weather-corrected change", null, null, d.correctedPercent(), "%"));
        for (PeriodComparison.MonthPair m : c.months()) {
            rows.add(row("month " + (m.index() + 1) + " " + (m.a() == null ? "-" : m.a().start()) + " / " + (m.b() == null ? "-" : m.b().start()),
                    m.a() == null ? null : m.a().quantity(), m.b() == null ? null : m.b().quantity(),
                    m.a() == null || m.b() == null ? null : m.b().quantity() - m.a().quantity(), u));
        }
        rows.add(row("notes", String.join(" ", c.notes()), null, null, null));
        return HouseholdExport.csv(rows, "line", "a", "b", "difference", "unit");
    }

    private static JsonObject row(String line, Object a, Object b, Object diff, String unit) {
        return new JsonObject().put("line", line).put("a", text(a)).put("b", text(b)).put("difference", text(diff)).put("unit", unit);
    }

    private static String text(Object o) {
        if (o instanceof Double x) {
            return String.format(Locale.ROOT, "%.3f", x);
        }
        return o == null ? null : o.toString();
    }

    static JsonObject card(SimilarHomes.Card card) {
        return new JsonObject().put("cohort", new JsonObject().put("heatingEnergy", card.cohort().heatingEnergy().name().toLowerCase(Locale.ROOT))
                        .put("surfaceBand", card.cohort().surfaceBand()).put("occupants", card.cohort().occupantsBand()))
                .put("enough", card.enough()).put("homes", card.enough() ? card.homes() : null)
                .put("meanQuantity", card.meanQuantity()).put("meanPerM2", card.meanPerM2()).put("own", card.own())
                .put("ownPerM2", card.ownPerM2()).put("lowerShare", card.lowerShare());
    }
}
