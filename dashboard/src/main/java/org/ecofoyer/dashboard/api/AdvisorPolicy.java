package org.ecofoyer.dashboard.api;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import java.time.LocalDate;
import java.util.Locale;
import org.ecofoyer.aggregation.maths.Granularity;
import org.ecofoyer.core.Fluid;
import org.ecofoyer.dashboard.consent.Consent;
import org.ecofoyer.dashboard.consent.ConsentGranularity;
import org.ecofoyer.dashboard.web.ApiError;

/**
 * What an advisor may ask of a household under a consent, checked once per request before anything is read
 * ({@link HouseholdApi}'s authorisation calls it for every request that is not the household's own). Default deny: a
 * route not named here is refused, so a route added later stays closed to advisors until it is added with its rule.
 * Each rule checks every parameter that widens the answer: the fluid (scope), the step (granularity: half-hours need
 * the half-hour opt-in), the dates and any reference period (the consent's data period), and, for buckets longer than
 * a day, that they start and end inside the asked range (a month or year bucket never reaches past it). A refusal is a
 * 403 problem that the caller records in the household's access log.
 */
final class AdvisorPolicy {
    private AdvisorPolicy() {
    }

    /** What the request reads, in words for the access log; or a 403 {@link ApiError} saying what the consent lacks. */
    static String check(Consent consent, HttpMethod method, String route, MultiMap params, LocalDate today) {
        Consent.ConsentTerms terms = consent.terms();
        if (method != HttpMethod.GET) {
            throw refuse("Only the household itself changes its data or its settings.");
        }
        String[] parts = route.split("/", -1);
        if (route.isEmpty()) {
            return "household profile and meters (" + terms.scope() + ")";
        }
        if (parts.length == 4 && parts[1].equals("fluids") && parts[3].equals("series")) {
            Fluid fluid = ConsumptionApi.fluid(parts[2]);
            fluid(terms, fluid);
            ConsumptionApi.Step step = ConsumptionApi.Step.parse(params.get("step") == null ? "day" : params.get("step"));
            granularity(terms, step.granularity);
            LocalDate from = required(params, "from");
            LocalDate to = required(params, "to");
            aligned(step.granularity, from, to);
            period(terms, from, to);
            String compare = params.get("compare") == null ? "none" : params.get("compare");
            LocalDate[] ref = switch (compare) {
                case "none" -> null;
                case "previous" -> ConsumptionApi.previous(from, to);
                case "last_year" -> new LocalDate[] {from.minusYears(1), to.minusYears(1)};
                default -> throw ApiError.badRequest("'compare' must be none, previous or last_year.");
            };
            if (ref != null) {
                aligned(step.granularity, ref[0], ref[1]);
                period(terms, ref[0], ref[1]);
            }
            return fluid.name().toLowerCase(Locale.ROOT) + " by " + step.wire() + " " + from + " to " + to
                    + (ref == null ? "" : ", compared with " + ref[0] + " to " + ref[1]);
        }
        switch (route) {
            case "/analysis" -> {
                fluid(terms, Fluid.ELECTRICITY);
                granularity(terms, Granularity.HALF_HOUR);
                LocalDate from = required(params, "from");
                LocalDate to = required(params, "to");
                period(terms, from, to);
                return "electricity analysis (half-hours) " + from + " to " + to;
            }
            case "/live" -> {
                // Live power is finer than half-hours: only a household that opted in to its load curve shares it, and
                // only while its consent's data period includes today (a consent to study 2024 opens no window on now).
                fluid(terms, Fluid.ELECTRICITY);
                granularity(terms, Granularity.HALF_HOUR);
                period(terms, today, today.plusDays(1));
                return "live electricity power";
            }
            case "/comparison" -> {
                Fluid fluid = ConsumptionApi.fluid(params.get("fluid") == null ? "" : params.get("fluid"));
                fluid(terms, fluid);
                LocalDate[] a = {required(params, "aFrom"), required(params, "aTo")};
                LocalDate[] b = {required(params, "bFrom"), required(params, "bTo")};
                for (LocalDate[] p : new LocalDate[][] {a, b}) {
                    wholeDaysOrMonths(terms, p[0], p[1]);
                    period(terms, p[0], p[1]);
                }
                return fluid.name().toLowerCase(Locale.ROOT) + " comparison " + a[0] + " to " + a[1] + " with " + b[0] + " to " + b[1]
                        + ("csv".equals(params.get("format")) ? " (CSV)" : "");
            }
            case "/similar" -> {
                Fluid fluid = ConsumptionApi.fluid(params.get("fluid") == null ? "" : params.get("fluid"));
                fluid(terms, fluid);
                LocalDate from = required(params, "from");
                LocalDate to = required(params, "to");
                wholeDaysOrMonths(terms, from, to);
                period(terms, from, to);
                return fluid.name().toLowerCase(Locale.ROOT) + " similar homes " + from + " to " + to;
            }
            default -> throw refuse("This is not shared with advisors (sources, access log, export, overview and settings"
                    + " are the household's own).");
        }
    }

    private static void fluid(Consent.ConsentTerms terms, Fluid fluid) {
        if (!terms.fluids().contains(fluid)) {
            throw refuse("The consent does not cover " + fluid.name().toLowerCase(Locale.ROOT) + ".");
        }
    }

    private static void granularity(Consent.ConsentTerms terms, Granularity g) {
        if (!terms.granularity().permits(g) || g == Granularity.HALF_HOUR && !terms.halfHourOptIn()) {
            throw refuse("The consent allows " + terms.granularity().wire() + " data at the finest.");
        }
    }

    private static void period(Consent.ConsentTerms terms, LocalDate from, LocalDate to) {
        if (!terms.covers(from, to)) {
            throw refuse("The consent covers data from " + terms.dataFrom() + " to " + terms.dataTo() + " only.");
        }
    }

    /** Month and year buckets must lie inside the range, so that none reaches past it. */
    private static void aligned(Granularity g, LocalDate from, LocalDate to) {
        boolean ok = switch (g) {
            case MONTH -> from.getDayOfMonth() == 1 && to.getDayOfMonth() == 1;
            case YEAR -> from.getDayOfYear() == 1 && to.getDayOfYear() == 1;
            default -> true;
        };
        if (!ok) {
            throw refuse("For an advisor, " + g.name().toLowerCase(Locale.ROOT) + " buckets need a range of whole "
                    + g.name().toLowerCase(Locale.ROOT) + "s.");
        }
    }

    /** A total over a range is day-level data unless the range is made of whole months: a month consent needs those. */
    private static void wholeDaysOrMonths(Consent.ConsentTerms terms, LocalDate from, LocalDate to) {
        if (terms.granularity() == ConsentGranularity.MONTH) {
            aligned(Granularity.MONTH, from, to);
        }
    }

    private static LocalDate required(MultiMap params, String name) {
        String v = params.get(name);
        if (v == null || v.isEmpty()) {
            throw ApiError.badRequest("'" + name + "' is required (a date, YYYY-MM-DD).");
        }
        return ConsumptionApi.date(v, name);
    }

    static ApiError refuse(String detail) {
        return ApiError.forbidden("Your consent does not allow this. " + detail);
    }
}
