package org.ecofoyer.dashboard.api;

import static org.ecofoyer.dashboard.web.Requests.*;

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
import org.ecofoyer.dashboard.auth.Role;
import org.ecofoyer.dashboard.consent.Consent;
import org.ecofoyer.dashboard.consent.ConsentGranularity;
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

    public ConsentApi(Jdbc jdbc, SessionAuth auth, OpenStreams streams, Clock clock) {
        this.jdbc = jdbc;
        this.auth = auth;
        this.streams = streams;
        this.clock = clock;
    }

    public void mount(Router api) {
        api.get("/households/:household/consents").handler(this::list);
        api.post("/households/:household/consents").handler(this::grant);
        api.patch("/households/:household/consents/:consent").handler(this::narrow);
        api.delete("/households/:household/consents/:consent").handler(this::revoke);
        api.put("/households/:household/similar-homes").handler(this::similarHomes);
        api.get("/advisor/households").handler(auth::require).handler(this::advisor);
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
            return new JsonObject().put("consents", consents).put("events", events(Consents.eventsOfHousehold(c, id)))
                    .put("similarHomes", similar);
        }).onSuccess(o -> json(rc, 200, o)).onFailure(rc::fail);
    }

    static JsonArray events(List<Consents.Event> events) {
        JsonArray a = new JsonArray();
        events.forEach(e -> a.add(new JsonObject().put("consent", e.consentId()).put("household", e.householdId())
                .put("advisor", e.advisor()).put("at", e.at().toString()).put("action", e.action()).put("by", e.actor())
                .put("terms", e.terms())));
        return a;
    }

    private void grant(RoutingContext rc) {
        Access.Grant g = owner(rc);
        JsonObject body = body(rc);
        String code = string(body, "advisorCode");
        Instant now = clock.instant();
        jdbc.inTransaction(c -> {
            ZoneId zone = zone(c, g.householdId());
            return Consents.grant(c, g.householdId(), g.caller().login(), code, terms(body), expiresAt(body, zone), now);
        }).onSuccess(x -> json(rc, 201, x.json(now))).onFailure(e -> fail(rc, e));
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
            for (Consent x : Consents.ofAdvisor(c, caller.userId())) {
                JsonObject o = x.json(now);
                if (x.liveAt(now)) { // the household's name only while it shares its data
                    Households.find(c, x.householdId()).map(Household::name).ifPresent(n -> o.put("householdName", n));
                }
                households.add(o);
            }
            return new JsonObject().put("code", Consents.advisorCode(c, caller.userId()).orElse(null))
                    .put("consents", households).put("events", events(Consents.eventsOfAdvisor(c, caller.userId())));
        }).onSuccess(o -> json(rc, 200, o)).onFailure(rc::fail);
    }

    private static ZoneId zone(Connection c, String householdId) throws SQLException {
        return Households.find(c, householdId).orElseThrow(ApiError::notFound).zone();
    }

    private static long consentId(RoutingContext rc) {
        try {
            return Long.parseLong(rc.pathParam("consent"));
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
        } else {
            rc.fail(e);
        }
    }
}
