package org.ecofoyer.dashboard.api;

import static org.ecofoyer.dashboard.web.Requests.json;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.ecofoyer.aggregation.maths.PeriodComparison;
import org.ecofoyer.aggregation.maths.SimilarHomes;
import org.ecofoyer.aggregation.query.Cohorts;
import org.ecofoyer.aggregation.query.PeriodComparisons;
import org.ecofoyer.core.Fluid;
import org.ecofoyer.dashboard.auth.Access;
import org.ecofoyer.dashboard.consent.SimilarHomesMembers;
import org.ecofoyer.dashboard.web.ApiError;
import org.ecofoyer.dashboard.web.SessionAuth;
import org.ecofoyer.storage.Jdbc;

/**
 * The advisor's comparisons (the household may ask them too): {@code /households/{id}/comparison} compares two periods
 * of any length (JSON, or CSV with {@code format=csv}), {@code /households/{id}/similar} the household with similar homes
 * (aggregates of at least {@link SimilarHomes#MIN_HOMES} consenting homes), {@code /weather-stations} lists the
 * degree-day series a profile can name. Mounted under the household routes: {@link HouseholdApi} has authorised the
 * request and, for an advisor, checked it against the consent ({@link AdvisorPolicy}) and logged it.
 */
public final class ComparisonApi {
    /** The longest period compared (day rows are read): a little over two years. */
    static final int MAX_DAYS = 800;
    /** The degree-days' base temperature, as the imported series state it (DESIGN §10, Météo-France's method). */
    static final int DJU_BASE_C = 18;

    private final Jdbc jdbc;
    private final SessionAuth auth;

    public ComparisonApi(Jdbc jdbc, SessionAuth auth) {
        this.jdbc = jdbc;
        this.auth = auth;
    }

    public void mount(Router api) {
        api.get("/households/:household/comparison").handler(this::comparison);
        api.get("/households/:household/similar").handler(this::similar);
        api.get("/weather-stations").handler(auth::require).handler(this::stations);
    }

    private static Fluid fluid(RoutingContext rc) {
        String f = rc.request().getParam("fluid");
        if (f == null) {
            throw ApiError.badRequest("'fluid' is required: electricity, gas or water.");
        }
        return ConsumptionApi.fluid(f);
    }

    private static LocalDate[] period(RoutingContext rc, String from, String to) {
        LocalDate f = ConsumptionApi.date(rc, from, null);
        LocalDate t = ConsumptionApi.date(rc, to, null);
        if (!t.isAfter(f) || ChronoUnit.DAYS.between(f, t) > MAX_DAYS) {
            throw ApiError.badRequest("'" + to + "' must be after '" + from + "', at most " + MAX_DAYS + " days apart.");
        }
        return new LocalDate[] {f, t};
    }

    private void comparison(RoutingContext rc) {
        String household = HouseholdApi.grant(rc).householdId();
        Fluid fluid = fluid(rc);
        LocalDate[] a = period(rc, "aFrom", "aTo");
        LocalDate[] b = period(rc, "bFrom", "bTo");
        String format = rc.request().getParam("format", "json");
        if (!format.equals("json") && !format.equals("csv")) {
            throw ApiError.badRequest("'format' must be json or csv.");
        }
        jdbc.run(c -> {
            PeriodComparisons reader = new PeriodComparisons(c);
            return new Answer(reader.compare(household, fluid, a[0], a[1], b[0], b[1]), reader.station(household));
        }).onSuccess(r -> {
            PeriodComparison cmp = r.comparison();
            String station = r.station();
            if (format.equals("csv")) {
                String name = "comparison-" + household + "-" + fluid.name().toLowerCase(Locale.ROOT) + "-" + a[0] + "-" + b[0] + ".csv";
                rc.response().putHeader("content-type", "text/csv; charset=utf-8")
                        .putHeader("content-disposition", "attachment; filename=\"" + name.replaceAll("[^A-Za-z0-9._-]", "_") + "\"")
                        .putHeader("cache-control", "no-store").end(ComparisonJson.csv(cmp, fluid));
            } else {
                json(rc, 200, ComparisonJson.json(cmp, fluid, station, DJU_BASE_C));
            }
        }).onFailure(rc::fail);
    }

    private void similar(RoutingContext rc) {
        Access.Grant g = HouseholdApi.grant(rc);
        Fluid fluid = fluid(rc);
        LocalDate[] p = period(rc, "from", "to");
        jdbc.run(c -> {
            JsonObject out = new JsonObject().put("fluid", fluid.name().toLowerCase(Locale.ROOT)).put("unit", fluid.unit())
                    .put("from", p[0].toString()).put("to", p[1].toString()).put("minHomes", SimilarHomes.MIN_HOMES);
            if (g.owner()) {
                boolean member = SimilarHomesMembers.since(c, g.householdId()).isPresent();
                out.put("member", member);
                if (!member) {
                    return out; // the household sees the card once it takes part itself
                }
            }
            var card = new Cohorts(c).card(g.householdId(), SimilarHomesMembers.all(c), fluid, p[0], p[1]);
            if (card.isEmpty()) {
                return out.put("cohort", null).put("reason", "PROFILE_INCOMPLETE");
            }
            return out.mergeIn(ComparisonJson.card(card.get()));
        }).onSuccess(o -> json(rc, 200, o)).onFailure(rc::fail);
    }

    private void stations(RoutingContext rc) {
        jdbc.run(c -> {
            JsonArray a = new JsonArray();
            for (PeriodComparisons.Station s : new PeriodComparisons(c).stations()) {
                a.add(new JsonObject().put("zone", s.zone()).put("first", s.first().toString()).put("last", s.last().toString())
                        .put("days", s.days()));
            }
            return new JsonObject().put("stations", a).put("baseTemperatureC", DJU_BASE_C);
        }).onSuccess(o -> json(rc, 200, o)).onFailure(rc::fail);
    }

    /** A comparison and the weather station whose degree-days it used (the page states it). */
    private record Answer(PeriodComparison comparison, String station) {
    }
}
