package org.ecofoyer.dashboard.engage;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;
import org.ecofoyer.aggregation.maths.Totals;
import org.ecofoyer.core.Fluid;
import org.ecofoyer.core.HouseholdProfile;

/**
 * The catalogue as one household sees it: which gestures apply to its home (from its profile and meters), each one's
 * yearly saving from its own last year of consumption (or, for water without enough data, the C.I.Eau's 148 L a day
 * per occupant), what it answered, and its progress.
 */
public final class GestureView {
    private final Ecogestures catalogue;
    private final HouseholdProfile profile;
    private final Map<String, String> choices;
    private final Map<Fluid, Double> yearly = new EnumMap<>(Fluid.class);
    private final Map<Fluid, Double> price = new EnumMap<>(Fluid.class);
    private final Map<Fluid, Integer> days = new EnumMap<>(Fluid.class);

    public GestureView(Connection c, HouseholdConsumption hc, Ecogestures catalogue, LocalDate today) throws SQLException {
        this.catalogue = catalogue;
        this.profile = hc.household().profile() == null ? HouseholdProfile.EMPTY : hc.household().profile();
        this.choices = GestureChoices.of(c, hc.id());
        for (Fluid f : hc.fluids()) {
            Totals t = hc.totals(f, today.minusDays(365), today);
            days.put(f, t.days());
            Double y = GestureSavings.yearly(t.quantity(), t.days());
            if (y == null && f == Fluid.WATER && profile.occupants() != null) {
                y = catalogue.litresPerPersonDay() * profile.occupants() * 365;
            }
            if (y != null) {
                yearly.put(f, y);
            }
            if (t.costEur() != null && t.quantity() > 0) {
                price.put(f, t.costEur() / t.quantity());
            }
        }
    }

    /** Every gesture, with {@code applies} and its saving when the household's data allows one. */
    public JsonObject json() {
        JsonArray out = new JsonArray();
        int applicable = 0;
        int done = 0;
        Map<Fluid, double[]> saved = new EnumMap<>(Fluid.class);
        for (Ecogestures.Gesture g : catalogue.all()) {
            JsonObject o = gesture(g);
            out.add(o);
            if (o.getBoolean("applies")) {
                applicable++;
                if ("done".equals(o.getString("status"))) {
                    done++;
                    JsonObject s = o.getJsonObject("saving");
                    if (s != null) {
                        double[] acc = saved.computeIfAbsent(Fluid.valueOf(s.getString("fluid").toUpperCase(java.util.Locale.ROOT)),
                                k -> new double[2]);
                        acc[0] += s.getDouble("quantity");
                        acc[1] += s.getDouble("eur") == null ? 0 : s.getDouble("eur");
                    }
                }
            }
        }
        JsonArray savedJson = new JsonArray();
        saved.forEach((f, v) -> savedJson.add(new JsonObject().put("fluid", MonthlyReport.wire(f)).put("unit", f.unit())
                .put("quantity", v[0]).put("eur", v[1])));
        return new JsonObject().put("gestures", out).put("progress", new JsonObject().put("applicable", applicable).put("done", done)
                        .put("notForMe", choices.values().stream().filter("not_for_me"::equals).count()).put("savedPerYear", savedJson))
                .put("sources", catalogue.sharesJson());
    }

    JsonObject gesture(Ecogestures.Gesture g) {
        Fluid f = Ecogestures.fluidOf(g.usage(), profile);
        boolean applies = f != null && (g.only() == null || g.only() == f) && (yearly.containsKey(f) || days.containsKey(f));
        JsonObject o = new JsonObject().put("id", g.id()).put("usage", g.usage().toLowerCase(java.util.Locale.ROOT))
                .put("pct", g.pct()).put("title", g.title()).put("text", g.text()).put("source", g.source())
                .put("status", choices.get(g.id())).put("applies", applies);
        if (applies && yearly.containsKey(f)) {
            double share = catalogue.share(g.usage(), f, profile);
            GestureSavings.Saving s = GestureSavings.of(yearly.get(f), share, g.pct(), price.get(f));
            o.put("saving", new JsonObject().put("fluid", MonthlyReport.wire(f)).put("unit", f.unit()).put("quantity", round(s.quantity(), 1))
                    .put("eur", s.eur() == null ? null : round(s.eur(), 2)).put("share", round(share, 4)).put("yearly", round(yearly.get(f), 0)).put("fromDays", days.getOrDefault(f, 0)));
        }
        return o;
    }

    /** Figures as the page shows them (an estimate has no use for more digits). */
    static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    /** The gesture to suggest for a fluid: the largest saving among those applying and not answered yet. */
    public JsonObject suggestion(Fluid fluid) {
        JsonObject best = null;
        for (Ecogestures.Gesture g : catalogue.all()) {
            JsonObject o = gesture(g);
            JsonObject s = o.getJsonObject("saving");
            if (!o.getBoolean("applies") || o.getString("status") != null || s == null
                    || (fluid != null && !s.getString("fluid").equals(MonthlyReport.wire(fluid)))) {
                continue;
            }
            if (best == null || s.getDouble("quantity") > best.getJsonObject("saving").getDouble("quantity")) {
                best = o;
            }
        }
        return best;
    }
}
