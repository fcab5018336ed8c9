package org.ecofoyer.dashboard.api;

import static org.ecofoyer.dashboard.web.Requests.*;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.ecofoyer.core.Fluid;
import org.ecofoyer.core.Household;
import org.ecofoyer.dashboard.auth.Access;
import org.ecofoyer.dashboard.auth.Caller;
import org.ecofoyer.dashboard.auth.OpenStreams;
import org.ecofoyer.dashboard.auth.Reauthentication;
import org.ecofoyer.dashboard.auth.Role;
import org.ecofoyer.dashboard.auth.SignInThrottle;
import org.ecofoyer.dashboard.consent.Consent;
import org.ecofoyer.dashboard.consent.ConsentGranularity;
import org.ecofoyer.dashboard.consent.ConsentRequests;
import org.ecofoyer.dashboard.consent.Consents;
import org.ecofoyer.dashboard.consent.SimilarHomesMembers;
import org.ecofoyer.dashboard.web.ApiError;
import org.ecofoyer.dashboard.web.SessionAuth;
import org.ecofoyer.storage.Households;
import org.ecofoyer.storage.Jdbc;

/**
 * Consent, the household's side ({@code /households/{id}/consents}: list with their history, grant by the advisor's
 * code, narrow, revoke; {@code /households/{id}/similar-homes}: take part or not) and the advisor's side
 * ({@code /advisor/households}: its code, the households that granted it access, what each allows and until when, and
 * the history of those consents). A narrowing or a revocation is effective at once: the next request is checked against
 * the new terms ({@code Access}), and live streams opened under the consent end now ({@link OpenStreams}).
 */
public final class ConsentApi {
    private final Jdbc jdbc;
    private final SessionAuth auth;
    private final OpenStreams streams;
    private final Clock clock;
    private final SignInThrottle codeGuesses;

    public ConsentApi(Jdbc jdbc, SessionAuth auth, OpenStreams streams, Clock clock, SignInThrottle codeGuesses) {
        this.jdbc = jdbc;
        this.auth = auth;
        this.streams = streams;
        this.clock = clock;
        this.codeGuesses = codeGuesses;
    }

    public void mount(Router api) {
        api.get("/households/:household/consents").handler(this::list);
        api.post("/households/:household/consents").handler(this::grant);
        api.patch("/households/:household/consents/:consent").handler(this::narrow);
        api.delete("/households/:household/consents/:consent").handler(this::revoke);
        api.post("/households/:household/consent-requests/:request/accept").handler(this::accept);
        api.post("/households/:household/consent-requests/:request/decline").handler(this::decline);
        api.put("/households/:household/similar-homes").handler(this::similarHomes);
        api.get("/advisor/households").handler(auth::require).handler(this::advisor);
        api.post("/advisor/requests").handler(auth::require).handler(this::ask);
        api.delete("/advisor/requests/:request").handler(auth::require).handler(this::withdraw);
    }

    private static Access.Grant owner(RoutingContext rc) {
        Access.Grant g = HouseholdApi.grant(rc);
        if (!g.owner()) {
            throw ApiError.forbidden("Only the household itself manages its consents.");
        }
        return g;
    }

    private void list(RoutingContext rc) {
        String id = owner(rc).householdId();
        Instant now = clock.instant();
        jdbc.run(c -> {
            Consents.recordExpiries(c, now);
            JsonArray consents = new JsonArray();
            Consents.ofHousehold(c, id).forEach(x -> consents.add(x.json(now)));
            JsonObject similar = new JsonObject().put("member", false);
            SimilarHomesMembers.since(c, id).ifPresent(t -> similar.put("member", true).put("since", t.toString()));
            JsonArray requests = new JsonArray();
            ConsentRequests.ofHousehold(c, id).forEach(r -> requests.add(r.forHousehold(now)));
            return new JsonObject().put("consents", consents).put("events", events(Consents.eventsOfHousehold(c, id)))
                    .put("requests", requests).put("similarHomes", similar);
        }).onSuccess(o -> json(rc, 200, o)).onFailure(rc::fail);
    }

    static JsonArray events(List<Consents.Event> events) {
        JsonArray a = new JsonArray();
        events.forEach(e -> a.add(new JsonObject().put("consent", e.consentId()).put("household", e.householdId())
                .put("advisor", e.advisor()).put("at", e.at().toString()).put("action", e.action()).put("by", e.actor())
                .put("terms", e.terms())));
        return a;
    }

    /**
     * A grant by the advisor's code. Wrong codes count against the household and the client address (the throttle's
     * window): past the limit the attempt is refused with 429 before the code is even looked up.
     */
    private void grant(RoutingContext rc) {
        Access.Grant g = owner(rc);
        JsonObject body = body(rc);
        String code = string(body, "advisorCode");
        Instant now = clock.instant();
        String address = address(rc);
        jdbc.run(c -> codeGuesses.retryAfter(c, g.householdId(), address)).compose(wait -> {
            if (wait > 0) {
                return Future.<Consent>failedFuture(Reauthentication.tooMany(wait));
            }
            return jdbc.inTransaction(c -> {
                ZoneId zone = zone(c, g.householdId());
                return Consents.grant(c, g.householdId(), g.caller().login(), code, terms(body), expiresAt(body, zone), now);
            });
        }).recover(e -> {
            if (e instanceof Consents.ConsentException ce && ce.unknownCode()) {
                return jdbc.run(c -> {
                    codeGuesses.failed(c, g.householdId(), address);
                    return null;
                }).compose(v -> Future.failedFuture(e));
            }
            return Future.failedFuture(e);
        }).onSuccess(x -> json(rc, 201, x.json(now))).onFailure(e -> fail(rc, e));
    }

    /** The household accepts an advisor's request, as asked or narrower (body: optional terms, expiresOn, halfHourOptIn). */
    private void accept(RoutingContext rc) {
        Access.Grant g = owner(rc);
        long id = longParam(rc, "request");
        JsonObject body = rc.body() == null || rc.body().length() == 0 ? new JsonObject() : body(rc);
        Object optIn = body.getValue("halfHourOptIn", false);
        if (!(optIn instanceof Boolean halfHour)) {
            throw ApiError.badRequest("'halfHourOptIn' must be true or false.");
        }
        Consent.ConsentTerms narrower = body.containsKey("fluids") ? terms(body) : null;
        LocalDate until = body.containsKey("expiresOn") ? ConsumptionApi.date(string(body, "expiresOn"), "expiresOn") : null;
        Instant now = clock.instant();
        jdbc.inTransaction(c -> ConsentRequests.accept(c, g.householdId(), id, g.caller().login(), narrower, halfHour, until,
                zone(c, g.householdId()), now)).onSuccess(x -> json(rc, 201, x.json(now))).onFailure(e -> fail(rc, e));
    }

    private void decline(RoutingContext rc) {
        Access.Grant g = owner(rc);
        long id = longParam(rc, "request");
        Instant now = clock.instant();
        jdbc.inTransaction(c -> {
            ConsentRequests.decline(c, g.householdId(), id, now);
            return null;
        }).onSuccess(v -> noContent(rc)).onFailure(e -> fail(rc, e));
    }

    /**
     * An advisor asks a household, named by its login, for access. The answer is 202 and the same whether or not the
     * login is a household's; at most {@link ConsentRequests#PER_DAY} requests a day.
     */
    private void ask(RoutingContext rc) {
        Caller caller = advisorOnly(rc);
        JsonObject body = body(rc);
        String login = string(body, "household");
        Consent.ConsentTerms terms = terms(body);
        LocalDate until = ConsumptionApi.date(string(body, "expiresOn"), "expiresOn");
        Object message = body.getValue("message");
        if (message != null && !(message instanceof String)) {
            throw ApiError.badRequest("'message' must be text.");
        }
        Instant now = clock.instant();
        jdbc.inTransaction(c -> ConsentRequests.ask(c, caller.userId(), login, terms, until, (String) message, now))
                .onSuccess(id -> json(rc, 202, new JsonObject().put("id", id).put("state", "pending")
                        .put("openUntil", now.plus(ConsentRequests.OPEN_FOR).toString())))
                .onFailure(e -> fail(rc, e));
    }

    private void withdraw(RoutingContext rc) {
        Caller caller = advisorOnly(rc);
        long id = longParam(rc, "request");
        Instant now = clock.instant();
        jdbc.inTransaction(c -> {
            ConsentRequests.withdraw(c, caller.userId(), id, now);
            return null;
        }).onSuccess(v -> noContent(rc)).onFailure(e -> fail(rc, e));
    }

    private static Caller advisorOnly(RoutingContext rc) {
        Caller caller = SessionAuth.caller(rc);
        if (caller.roleEnum() != Role.ADVISOR) {
            throw ApiError.forbidden("Only advisors ask households for access.");
        }
        return caller;
    }

    private void narrow(RoutingContext rc) {
        Access.Grant g = owner(rc);
        long id = consentId(rc);
        JsonObject body = body(rc);
        Instant now = clock.instant();
        jdbc.inTransaction(c -> {
            ZoneId zone = zone(c, g.householdId());
            return Consents.narrow(c, g.householdId(), id, g.caller().login(), terms(body), expiresAt(body, zone), now);
        }).onSuccess(x -> {
            streams.endConsent(id);
            json(rc, 200, x.json(now));
        }).onFailure(e -> fail(rc, e));
    }

    private void revoke(RoutingContext rc) {
        Access.Grant g = owner(rc);
        long id = consentId(rc);
        Instant now = clock.instant();
        jdbc.inTransaction(c -> Consents.revoke(c, g.householdId(), id, g.caller().login(), now)).onSuccess(x -> {
            streams.endConsent(id);
            json(rc, 200, x.json(now));
        }).onFailure(e -> fail(rc, e));
    }

    private void similarHomes(RoutingContext rc) {
        Access.Grant g = owner(rc);
        Object member = body(rc).getValue("member");
        if (!(member instanceof Boolean b)) {
            throw ApiError.badRequest("'member' must be true or false.");
        }
        jdbc.run(c -> {
            SimilarHomesMembers.set(c, g.householdId(), b, clock.instant());
            return null;
        }).onSuccess(v -> noContent(rc)).onFailure(rc::fail);
    }

    /** The advisor's workspace list: its code, every consent it holds or held, and their history. */
    private void advisor(RoutingContext rc) {
        Caller caller = SessionAuth.caller(rc);
        if (caller.roleEnum() != Role.ADVISOR) {
            throw ApiError.forbidden("Only advisors have a workspace.");
        }
        Instant now = clock.instant();
        jdbc.run(c -> {
            Consents.recordExpiries(c, now);
            JsonArray households = new JsonArray();
            // Each household's times in its own zone, said on the page (#16): the advisor's browser may be anywhere.
            java.util.Map<String, String> zones = new java.util.HashMap<>();
            for (Consent x : Consents.ofAdvisor(c, caller.userId())) {
                JsonObject o = x.json(now).put("zone", zoneId(c, zones, x.householdId()));
                if (x.liveAt(now)) { // the household's name only while it shares its data
                    Households.find(c, x.householdId()).map(Household::name).ifPresent(n -> o.put("householdName", n));
                }
                households.add(o);
            }
            JsonArray requests = new JsonArray();
            ConsentRequests.ofAdvisor(c, caller.userId()).forEach(r -> requests.add(r.forAdvisor(now)));
            return new JsonObject().put("code", Consents.advisorCode(c, caller.userId()).orElse(null))
                    .put("consents", households).put("events", withZones(c, zones, events(Consents.eventsOfAdvisor(c, caller.userId()))))
                    .put("requests", requests);
        }).onSuccess(o -> json(rc, 200, o)).onFailure(rc::fail);
    }

    /** A household's zone id, read once per answer (null for a household erased since). */
    private static String zoneId(Connection c, java.util.Map<String, String> zones, String householdId) throws SQLException {
        if (!zones.containsKey(householdId)) {
            zones.put(householdId, Households.find(c, householdId).map(h -> h.zone().getId()).orElse(null));
        }
        return zones.get(householdId);
    }

    private static JsonArray withZones(Connection c, java.util.Map<String, String> zones, JsonArray events) throws SQLException {
        for (Object o : events) {
            JsonObject e = (JsonObject) o;
            e.put("zone", zoneId(c, zones, e.getString("household")));
        }
        return events;
    }

    private static ZoneId zone(Connection c, String householdId) throws SQLException {
        return Households.find(c, householdId).orElseThrow(ApiError::notFound).zone();
    }

    private static long consentId(RoutingContext rc) {
        return longParam(rc, "consent");
    }

    private static long longParam(RoutingContext rc, String name) {
        try {
            return Long.parseLong(rc.pathParam(name));
        } catch (NumberFormatException e) {
            throw ApiError.notFound();
        }
    }

    /** The terms of a request body: fluids, granularity, halfHourOptIn, dataFrom, dataTo. */
    static Consent.ConsentTerms terms(JsonObject body) {
        Object f = body.getValue("fluids");
        if (!(f instanceof JsonArray fluids) || fluids.isEmpty() || fluids.size() > 3) {
            throw ApiError.badRequest("'fluids' must list electricity, gas and/or water.");
        }
        Set<Fluid> set = EnumSet.noneOf(Fluid.class);
        for (Object o : fluids) {
            if (!(o instanceof String s)) {
                throw ApiError.badRequest("'fluids' must list electricity, gas and/or water.");
            }
            try {
                set.add(Fluid.valueOf(s.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest("'fluids' must list electricity, gas and/or water.");
            }
        }
        ConsentGranularity granularity;
        try {
            granularity = ConsentGranularity.parse(string(body, "granularity"));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("'granularity' must be month, day or half_hour.");
        }
        Object optIn = body.getValue("halfHourOptIn", false);
        if (!(optIn instanceof Boolean halfHour)) {
            throw ApiError.badRequest("'halfHourOptIn' must be true or false.");
        }
        return new Consent.ConsentTerms(set, granularity, halfHour, ConsumptionApi.date(string(body, "dataFrom"), "dataFrom"),
                ConsumptionApi.date(string(body, "dataTo"), "dataTo"));
    }

    /** {@code expiresOn}, the consent's last day (in the household's time zone): it ends at the start of the next one. */
    static Instant expiresAt(JsonObject body, ZoneId zone) {
        LocalDate last = ConsumptionApi.date(string(body, "expiresOn"), "expiresOn");
        return last.plusDays(1).atStartOfDay(zone).toInstant();
    }

    private static void fail(RoutingContext rc, Throwable e) {
        if (e instanceof Consents.ConsentException ce) {
            rc.fail(ce.notFound() ? new ApiError(404, "Not found", ce.getMessage()) : ApiError.badRequest(ce.getMessage()));
        } else if (e instanceof ConsentRequests.TooMany t) {
            rc.fail(new ApiError(429, "Too many requests", t.getMessage(), null));
        } else {
            rc.fail(e);
        }
    }
}
