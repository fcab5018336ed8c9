package org.ecofoyer.dashboard.engage;

import static org.ecofoyer.dashboard.web.Requests.body;
import static org.ecofoyer.dashboard.web.Requests.json;
import static org.ecofoyer.dashboard.web.Requests.noContent;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.NoSuchElementException;
import java.util.Set;
import org.ecofoyer.core.Fluid;
import org.ecofoyer.dashboard.api.HouseholdApi;
import org.ecofoyer.dashboard.auth.Access;
import org.ecofoyer.dashboard.web.ApiError;
import org.ecofoyer.storage.Jdbc;

/**
 * The household's engagement routes: alerts and their settings, the forecast and budget, the monthly report,
 * ecogestures and challenges. Mounted under the household routes ({@link HouseholdApi}'s authorisation has run: another
 * household gets 404; an advisor is refused by {@code AdvisorPolicy}, which names none of these) and answered to the
 * household's own accounts only.
 */
public final class EngageApi {
    private final Jdbc jdbc;
    private final Clock clock;
    private final Ecogestures catalogue;
    private final boolean mailConfigured;

    public EngageApi(Jdbc jdbc, Clock clock, Ecogestures catalogue, boolean mailConfigured) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.catalogue = catalogue;
        this.mailConfigured = mailConfigured;
    }

    public void mount(Router api) {
        api.get("/households/:household/alerts").handler(this::alerts);
        api.post("/households/:household/alerts/seen").handler(this::seen);
        api.get("/households/:household/engagement-settings").handler(this::settings);
        api.put("/households/:household/engagement-settings").handler(this::saveSettings);
        api.get("/households/:household/forecast").handler(this::forecast);
        api.get("/households/:household/report").handler(this::report);
        api.get("/households/:household/ecogestures").handler(this::gestures);
        api.put("/households/:household/ecogestures/:gesture").handler(this::choose);
        api.get("/households/:household/challenges").handler(this::challenges);
        api.post("/households/:household/challenges").handler(this::startChallenge);
    }

    /** The household itself, never an advisor (its consent covers none of this). */
    private static String own(RoutingContext rc) {
        Access.Grant g = HouseholdApi.grant(rc);
        if (!g.owner()) {
            throw ApiError.forbidden("Only the household itself sees its alerts, reports, ecogestures and challenges.");
        }
        return g.householdId();
    }

    private void alerts(RoutingContext rc) {
        String h = own(rc);
        jdbc.run(c -> {
            JsonArray a = new JsonArray();
            AlertStore.recent(c, h, 50).forEach(x -> a.add(x.json()));
            return new JsonObject().put("alerts", a).put("zone", new HouseholdConsumption(c, h).zone().getId())
                    .put("mailConfigured", mailConfigured);
        }).onSuccess(o -> json(rc, 200, o)).onFailure(e -> fail(rc, e));
    }

    private void seen(RoutingContext rc) {
        String h = own(rc);
        jdbc.run(c -> AlertStore.markSeen(c, h, clock.instant())).onSuccess(n -> noContent(rc)).onFailure(e -> fail(rc, e));
    }

    private void settings(RoutingContext rc) {
        String h = own(rc);
        jdbc.run(c -> settingsJson(SettingsStore.of(c, h))).onSuccess(o -> json(rc, 200, o)).onFailure(e -> fail(rc, e));
    }

    JsonObject settingsJson(EngageSettings s) {
        JsonArray kinds = new JsonArray();
        s.alertKinds().forEach(k -> kinds.add(k.wire()));
        return new JsonObject().put("alertKinds", kinds).put("emailAlerts", s.emailAlerts()).put("email", s.email())
                .put("reportEmail", s.reportEmail()).put("budgetEur", s.budgetEur()).put("mailConfigured", mailConfigured);
    }

    private void saveSettings(RoutingContext rc) {
        String h = own(rc);
        JsonObject b = body(rc);
        EngageSettings s;
        try {
            Set<AlertKind> kinds = EnumSet.noneOf(AlertKind.class);
            JsonArray k = b.getJsonArray("alertKinds", new JsonArray());
            for (Object o : k) {
                kinds.add(AlertKind.parse(String.valueOf(o)));
            }
            String email = b.getString("email");
            Number budget = (Number) b.getValue("budgetEur");
            s = new EngageSettings(kinds, b.getBoolean("emailAlerts", false), email == null || email.isBlank() ? null : email.trim(),
                    b.getBoolean("reportEmail", false), budget == null ? null : budget.doubleValue());
        } catch (ClassCastException e) {
            throw ApiError.badRequest("alertKinds: a list of names; emailAlerts, reportEmail: true or false; email: text; budgetEur: a number");
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        jdbc.run(c -> {
            SettingsStore.save(c, h, s, clock.instant());
            return settingsJson(s);
        }).onSuccess(o -> json(rc, 200, o)).onFailure(e -> fail(rc, e));
    }

    private void forecast(RoutingContext rc) {
        String h = own(rc);
        jdbc.run(c -> {
            HouseholdConsumption hc = new HouseholdConsumption(c, h);
            return ForecastView.build(hc, hc.today(clock), SettingsStore.of(c, h).budgetEur()).json();
        }).onSuccess(o -> json(rc, 200, o)).onFailure(e -> fail(rc, e));
    }

    private void report(RoutingContext rc) {
        String h = own(rc);
        String m = rc.request().getParam("month");
        jdbc.run(c -> {
            HouseholdConsumption hc = new HouseholdConsumption(c, h);
            LocalDate today = hc.today(clock);
            YearMonth month = m == null || m.isEmpty() ? YearMonth.from(today).minusMonths(1) : month(m);
            if (month.isAfter(YearMonth.from(today)) || month.isBefore(YearMonth.of(1971, 1))) {
                throw ApiError.badRequest("'month' must be a month up to this one.");
            }
            return MonthlyReport.build(hc, month, new GestureView(c, hc, catalogue, today));
        }).onSuccess(o -> json(rc, 200, o)).onFailure(e -> fail(rc, e));
    }

    static YearMonth month(String s) {
        try {
            return YearMonth.parse(s);
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest("'month' must be a month, YYYY-MM.");
        }
    }

    private void gestures(RoutingContext rc) {
        String h = own(rc);
        jdbc.run(c -> {
            HouseholdConsumption hc = new HouseholdConsumption(c, h);
            return new GestureView(c, hc, catalogue, hc.today(clock)).json();
        }).onSuccess(o -> json(rc, 200, o)).onFailure(e -> fail(rc, e));
    }

    private void choose(RoutingContext rc) {
        String h = own(rc);
        String gesture = rc.pathParam("gesture");
        if (!catalogue.exists(gesture)) {
            throw ApiError.notFound();
        }
        Object status = body(rc).getValue("status");
        if (status != null && !(status instanceof String s && GestureChoices.STATUSES.contains(s))) {
            throw ApiError.badRequest("'status' must be done, not_for_me or null.");
        }
        jdbc.run(c -> {
            GestureChoices.set(c, h, gesture, (String) status, clock.instant());
            return null;
        }).onSuccess(x -> noContent(rc)).onFailure(e -> fail(rc, e));
    }

    private void challenges(RoutingContext rc) {
        String h = own(rc);
        jdbc.run(c -> {
            HouseholdConsumption hc = new HouseholdConsumption(c, h);
            JsonArray a = new JsonArray();
            for (ChallengeStore.Challenge ch : ChallengeStore.of(c, h)) {
                a.add(ChallengeView.view(c, hc, ch, hc.today(clock), clock.instant()));
            }
            JsonArray fluids = new JsonArray();
            hc.fluids().forEach(f -> fluids.add(MonthlyReport.wire(f)));
            return new JsonObject().put("challenges", a).put("fluids", fluids);
        }).onSuccess(o -> json(rc, 200, o)).onFailure(e -> fail(rc, e));
    }

    private void startChallenge(RoutingContext rc) {
        String h = own(rc);
        JsonObject b = body(rc);
        Fluid fluid;
        int pct;
        try {
            fluid = Fluid.valueOf(String.valueOf(b.getValue("fluid")).toUpperCase(java.util.Locale.ROOT));
            Object p = b.getValue("targetPct", 10);
            if (!(p instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.intValue() < 1 || n.intValue() > 50) {
                throw new IllegalArgumentException();
            }
            pct = n.intValue();
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("'fluid' must be electricity, gas or water; 'targetPct' a whole number from 1 to 50.");
        }
        jdbc.run(c -> {
            HouseholdConsumption hc = new HouseholdConsumption(c, h);
            if (!hc.fluids().contains(fluid)) {
                throw ApiError.badRequest("The household has no " + fluid.name().toLowerCase(java.util.Locale.ROOT) + " meter.");
            }
            LocalDate today = hc.today(clock);
            ChallengeStore.Challenge ch;
            try {
                ch = ChallengeView.start(c, hc, fluid, pct, today, clock.instant())
                        .orElseThrow(() -> new ApiError(409, "Conflict", "A challenge on this fluid is already under way."));
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest(e.getMessage());
            }
            return ChallengeView.view(c, hc, ch, today, clock.instant());
        }).onSuccess(o -> json(rc, 201, o)).onFailure(e -> fail(rc, e));
    }

    private static void fail(RoutingContext rc, Throwable e) {
        rc.fail(e instanceof NoSuchElementException ? ApiError.notFound() : e);
    }
}
