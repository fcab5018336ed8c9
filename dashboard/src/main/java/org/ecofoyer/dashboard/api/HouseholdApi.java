package org.ecofoyer.dashboard.api;

import static org.ecofoyer.dashboard.web.Requests.*;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.time.format.DateTimeFormatter;
import org.ecofoyer.core.HouseholdId;
import org.ecofoyer.core.Meter;
import org.ecofoyer.core.MeterKind;
import org.ecofoyer.dashboard.Audit;
import org.ecofoyer.dashboard.HouseholdData;
import org.ecofoyer.dashboard.HouseholdExport;
import org.ecofoyer.dashboard.auth.Access;
import org.ecofoyer.dashboard.auth.Accounts;
import org.ecofoyer.dashboard.auth.Caller;
import org.ecofoyer.dashboard.auth.OpenStreams;
import org.ecofoyer.dashboard.auth.Reauthentication;
import org.ecofoyer.dashboard.auth.SignInThrottle;
import org.ecofoyer.dashboard.web.ApiError;
import org.ecofoyer.dashboard.web.Logs;
import org.ecofoyer.dashboard.web.Requests;
import org.ecofoyer.dashboard.web.SessionAuth;
import org.ecofoyer.storage.Households;
import org.ecofoyer.storage.Jdbc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/v1/households/{household}/...}: every route here passes {@link #authorise} first, which asks
 * {@link Access} and answers 404 (and logs, and records in the household's access log) when the caller may not see
 * that household.
 */
public final class HouseholdApi {
    private static final Logger LOG = LoggerFactory.getLogger(HouseholdApi.class);
    private static final String GRANT = "ecofoyer.grant";

    private final Jdbc jdbc;
    private final WorkerExecutor kdf;
    private final Accounts accounts;
    private final Access access;
    private final SessionAuth auth;
    private final HouseholdExport export;
    private final Clock clock;
    private final boolean enedisConsent;
    private final Reauthentication reauth;
    private final OpenStreams streams;
    /** A gateway sends a frame every few seconds: an hour without one means it is unplugged or offline. */
    static final Duration STALE_AFTER = Duration.ofHours(1);

    public HouseholdApi(Jdbc jdbc, WorkerExecutor kdf, Accounts accounts, Access access, SessionAuth auth, HouseholdExport export,
                        Clock clock, boolean enedisConsent, SignInThrottle throttle, OpenStreams streams) {
        this.jdbc = jdbc;
        this.kdf = kdf;
        this.accounts = accounts;
        this.access = access;
        this.auth = auth;
        this.export = export;
        this.clock = clock;
        this.enedisConsent = enedisConsent;
        this.reauth = new Reauthentication(jdbc, kdf, accounts, throttle);
        this.streams = streams;
    }

    public static Access.Grant grant(RoutingContext rc) {
        return rc.get(GRANT);
    }

    public void mount(Router api) {
        api.route("/households/:household").handler(auth::require).handler(this::authorise);
        api.route("/households/:household/*").handler(auth::require).handler(this::authorise);
        api.get("/households/:household").handler(this::household);
        api.delete("/households/:household").handler(this::erase);
        api.get("/households/:household/sources").handler(this::sources);
        api.get("/households/:household/access-log").handler(this::accessLog);
        api.get("/households/:household/export").handler(this::export);
    }

    private void authorise(RoutingContext rc) {
        Caller caller = SessionAuth.caller(rc);
        String household = rc.pathParam("household");
        try {
            Requests.identifier(household, "household", 64);
        } catch (ApiError e) {
            LOG.warn("refused: {} ({}) asked for household {} from {}: not an identifier", Logs.quote(caller.login()), caller.role(),
                    Logs.quote(household), address(rc));
            throw e;
        }
        access.toHousehold(caller, household).onComplete(ar -> {
            if (ar.failed()) {
                rc.fail(ar.cause());
            } else if (ar.result().isEmpty()) {
                LOG.warn("refused: {} ({}) asked for {} {} of household {}", Logs.quote(caller.login()), caller.role(),
                        rc.request().method(), Logs.quote(rc.request().path()), Logs.quote(household));
                jdbc.run(c -> Audit.recordLimited(c, Audit.Event.of(caller, household, "access.refused",
                            rc.request().method() + " " + rc.request().path(), address(rc), null), Audit.REFUSALS_PER_MINUTE))
                        .onFailure(e -> LOG.warn("cannot record a refused access: {}", e.toString()));
                rc.fail(ApiError.notFound());
            } else {
                Access.Grant g = ar.result().get();
                rc.put(GRANT, g);
                if (g.owner()) {
                    rc.next();
                } else {
                    underConsent(rc, g);
                }
            }
        });
    }

    /**
     * Someone else's request (an advisor's, under a consent): checked against what the consent allows before anything
     * is read, then recorded in the household's access log (who, what, when, under which consent) before the answer
     * leaves. A request for more than the consent allows is refused (403) and recorded as refused.
     */
    private void underConsent(RoutingContext rc, Access.Grant g) {
        Caller caller = g.caller();
        String resource = rc.request().method() + " " + rc.request().path()
                + (rc.request().query() == null ? "" : "?" + rc.request().query());
        String what;
        try {
            what = AdvisorPolicy.check(g.consent(), rc.request().method(), route(rc.normalizedPath()), rc.request().params(), g.today());
        } catch (ApiError e) {
            if (e.status() == 403) {
                LOG.warn("refused: {} ({}) asked for {} of household {} beyond consent {}", Logs.quote(caller.login()), caller.role(),
                        Logs.quote(resource), Logs.quote(g.householdId()), g.consentId());
                jdbc.run(c -> Audit.recordLimited(c, Audit.Event.of(caller, g.householdId(), "access.refused", resource, address(rc),
                                e.getMessage(), g.consentId()), Audit.REFUSALS_PER_MINUTE))
                        .onComplete(done -> rc.fail(e));
            } else {
                rc.fail(e);
            }
            return;
        }
        jdbc.run(c -> {
            Audit.record(c, Audit.Event.of(caller, g.householdId(), "read", resource, address(rc), what, g.consentId()));
            return null;
        }).onSuccess(v -> rc.next()).onFailure(e -> {
            // No read without its trace: if the access log cannot be written, nothing is answered.
            LOG.warn("cannot record a read, refusing it: {}", e.toString());
            rc.fail(e);
        });
    }

    /** The part of a household route after {@code /api/v1/households/{id}}: "" for the household itself, "/fluids/gas/series"... */
    static String route(String normalizedPath) {
        String[] parts = normalizedPath.split("/", -1);
        // "", "api", "v1", "households", "{id}", ...
        if (parts.length <= 5) {
            return "";
        }
        return "/" + String.join("/", java.util.Arrays.copyOfRange(parts, 5, parts.length));
    }

    private void household(RoutingContext rc) {
        String id = grant(rc).householdId();
        jdbc.run(c -> {
            JsonObject h = HouseholdData.household(c, id).orElseThrow(ApiError::notFound);
            JsonArray meters = new JsonArray();
            Access.Grant g = grant(rc);
            for (Meter m : HouseholdData.meters(c, id)) {
                if (g.owner()) {
                    meters.add(HouseholdData.json(m));
                } else if (g.consent().terms().fluids().contains(m.fluid())) {
                    // An advisor sees the meters of the fluids it may read, without the utility's identifiers (PRM, PCE).
                    meters.add(HouseholdData.json(m).put("externalId", null));
                }
            }
            return h.put("meters", meters);
        }).onSuccess(h -> json(rc, 200, h)).onFailure(rc::fail);
    }

    private void sources(RoutingContext rc) {
        String id = grant(rc).householdId();
        Instant now = clock.instant();
        boolean owner = grant(rc).owner();
        jdbc.run(c -> {
            JsonArray out = new JsonArray();
            List<Meter> meters = HouseholdData.meters(c, id);
            for (Meter m : meters) {
                out.add(source(m, HouseholdData.lastReading(c, m.id()), HouseholdData.syncState(c, m), now));
            }
            // What the household can connect from here: its Linky through Enedis, unless a gateway already reads it.
            boolean enedis = enedisConsent && owner && !EnedisConsentApi.hasGateway(meters);
            return new JsonObject().put("sources", out).put("connect", new JsonObject().put("enedis", enedis));
        }).onSuccess(o -> json(rc, 200, o)).onFailure(rc::fail);
    }

    /**
     * A source's status and what to do about it: {@code ok}, {@code waiting} (no reading yet), {@code stale} (a gateway
     * meter silent for more than {@link #STALE_AFTER}) or {@code error} (the utility sync failed). Utility data comes a
     * day or two late by nature, so only the sync's own error makes a utility meter's status.
     */
    static JsonObject source(Meter m, Instant last, JsonObject sync, Instant now) {
        JsonObject s = HouseholdData.json(m).put("lastReading", last == null ? null : last.toString());
        boolean gateway = m.kind() == MeterKind.LINKY_TIC;
        String status = last == null ? "waiting" : "ok";
        String advice = last == null ? (gateway ? "WAITING_GATEWAY" : "WAITING_SYNC") : null;
        if (gateway && last != null && last.isBefore(now.minus(STALE_AFTER))) {
            status = "stale";
            advice = "STALE";
        }
        if (sync != null) {
            s.put("sync", sync);
            if (sync.getString("lastError") != null) {
                status = "error";
                advice = HouseholdData.adviceCode(sync.getString("lastErrorKind"));
                s.put("lastError", sync.getString("lastError"));
            }
        }
        s.put("status", status);
        if (advice != null) {
            s.put("adviceCode", advice).put("advice", HouseholdData.syncAdvice(advice, sync == null ? null : sync.getString("nextRun")));
        }
        return s;
    }

    private void accessLog(RoutingContext rc) {
        String id = grant(rc).householdId();
        int limit = Math.min(1000, Math.max(1, intParam(rc, "limit", 200)));
        jdbc.run(c -> Audit.ofHousehold(c, id, limit))
                .onSuccess(list -> {
                    JsonArray a = new JsonArray();
                    list.forEach(e -> a.add(JsonObject.mapFrom(e)));
                    json(rc, 200, new JsonObject().put("events", a));
                }).onFailure(rc::fail);
    }

    private void export(RoutingContext rc) {
        Access.Grant g = grant(rc);
        String id = g.householdId();
        jdbc.run(c -> {
            Audit.record(c, Audit.Event.of(g.caller(), id, "export", "all data", address(rc), null));
            try {
                return export.write(c, id);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).onSuccess(file -> {
            String name = "ecofoyer-" + id + "-" + DateTimeFormatter.ISO_LOCAL_DATE.format(java.time.LocalDate.now()) + ".zip";
            rc.response().putHeader("content-type", "application/zip")
                    .putHeader("content-disposition", "attachment; filename=\"" + name.replaceAll("[^A-Za-z0-9._-]", "_") + "\"")
                    .putHeader("cache-control", "no-store")
                    .sendFile(file.toString())
                    .onComplete(done -> deleteQuietly(file));
        }).onFailure(rc::fail);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (java.io.IOException e) {
            LOG.warn("cannot delete the temporary export {}: {}", file, e.toString());
        }
    }

    /**
     * Erases the household: its readings, rollups, consents, gateway bindings, meters and accounts (every table that
     * refers to it cascades). The caller confirms with the household's id and its password. The access log keeps a
     * tombstone.
     */
    private void erase(RoutingContext rc) {
        Access.Grant g = grant(rc);
        if (!g.owner()) {
            throw ApiError.forbidden("Only the household itself can delete its account.");
        }
        JsonObject body = body(rc);
        String confirm = string(body, "confirm");
        char[] password = string(body, "password").toCharArray();
        if (!confirm.equals(g.householdId())) {
            throw ApiError.badRequest("Type the household's identifier '" + g.householdId() + "' to confirm.");
        }
        Caller caller = g.caller();
        reauth.verify(caller, password, address(rc), "The password is wrong; nothing was deleted.")
                .compose(ok -> {
                    return jdbc.inTransaction(c -> {
                        long readings = HouseholdData.readingCount(c, g.householdId());
                        try (var ps = c.prepareStatement(org.ecofoyer.dashboard.DashboardSql.DELETE_FAILURES_OF_HOUSEHOLD)) {
                            ps.setString(1, g.householdId());
                            ps.setString(2, g.householdId());
                            ps.executeUpdate();
                        }
                        Households.erase(c, new HouseholdId(g.householdId()));
                        // The access log goes too (logins, addresses, meter ids); what stays is the one tombstone the
                        // user guide promises: that this household was erased, when, and how much, by no one named.
                        Audit.eraseHousehold(c, g.householdId());
                        Audit.record(c, new Audit.Event(g.householdId(), null, null, caller.role(), "household.erased", "household",
                                null, readings + " readings erased"));
                        return readings;
                    });
                }).onSuccess(n -> {
                    LOG.info("household '{}' erased by {} ({} readings)", g.householdId(), caller.login(), n);
                    streams.endHousehold(g.householdId());
                    auth.signedOut(rc);
                    noContent(rc);
                }).onFailure(rc::fail);
    }

    static int intParam(RoutingContext rc, String name, int fallback) {
        String v = rc.request().getParam(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("'" + name + "' must be a whole number.");
        }
    }
}
