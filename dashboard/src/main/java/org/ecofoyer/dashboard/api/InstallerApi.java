package org.ecofoyer.dashboard.api;

import static org.ecofoyer.dashboard.web.Requests.*;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import org.ecofoyer.core.Household;
import org.ecofoyer.core.Meter;
import org.ecofoyer.dashboard.Audit;
import org.ecofoyer.dashboard.auth.Caller;
import org.ecofoyer.dashboard.auth.Role;
import org.ecofoyer.dashboard.web.ApiError;
import org.ecofoyer.dashboard.web.SessionAuth;
import org.ecofoyer.gateway.BrokerAddress;
import org.ecofoyer.gateway.BrokerProvisioning;
import org.ecofoyer.gateway.FirmwareConfig;
import org.ecofoyer.gateway.Gateway;
import org.ecofoyer.gateway.GatewayRegistry;
import org.ecofoyer.gateway.Onboarding;
import org.ecofoyer.gateway.Refusal;
import org.ecofoyer.storage.Households;
import org.ecofoyer.storage.Jdbc;
import org.ecofoyer.storage.Meters;

/**
 * Onboarding for installers and operators ({@code /installer/...}): households, their meters, gateways with their
 * broker accounts and firmware configuration — the rules and messages of {@code ecofoyer household|meter|gateway}, from
 * the same {@link Onboarding}. Households and advisors are refused (403). A new gateway's password, like a rotated one,
 * is in the answer once (with its firmware configuration filled in) and never again. Each change is written into the
 * household's access log: a household sees who changed its installation.
 */
public final class InstallerApi {
    private final Jdbc jdbc;
    private final SessionAuth auth;
    private final Onboarding onboarding;
    private final String brokerUrl;

    /**
     * @param brokerUrl the broker as gateways reach it by default ({@code ingest.mqtt.url}), or null
     */
    public InstallerApi(Jdbc jdbc, SessionAuth auth, Onboarding onboarding, String brokerUrl) {
        this.jdbc = jdbc;
        this.auth = auth;
        this.onboarding = onboarding;
        this.brokerUrl = brokerUrl;
    }

    public void mount(Router api) {
        api.route("/installer/*").handler(auth::require).handler(InstallerApi::installerOrOperator);
        api.get("/installer/households").handler(this::households);
        api.post("/installer/households").handler(this::addHousehold);
        api.get("/installer/households/:household").handler(this::household);
        api.get("/installer/meters").handler(this::meters);
        api.post("/installer/meters").handler(this::addMeter);
        api.delete("/installer/meters/:meter").handler(this::removeMeter);
        api.get("/installer/gateways").handler(this::gateways);
        api.post("/installer/gateways").handler(this::addGateway);
        api.get("/installer/gateways/:gateway").handler(this::gateway);
        api.delete("/installer/gateways/:gateway").handler(this::removeGateway);
        api.post("/installer/gateways/:gateway/rotate-secret").handler(this::rotateSecret);
        api.get("/installer/gateways/:gateway/config").handler(this::config);
    }

    private static void installerOrOperator(RoutingContext rc) {
        Role role = SessionAuth.caller(rc).roleEnum();
        if (role != Role.INSTALLER && role != Role.OPERATOR) {
            throw ApiError.forbidden("Only installers and operators onboard homes.");
        }
        rc.next();
    }

    static JsonObject of(Household h) {
        return new JsonObject().put("id", h.id().value()).put("name", h.name()).put("zone", h.zone().getId());
    }

    static JsonObject of(Meter m) {
        return new JsonObject().put("code", m.code().value()).put("household", m.household().value())
                .put("fluid", m.fluid().name().toLowerCase(Locale.ROOT)).put("kind", m.kind().name().toLowerCase(Locale.ROOT))
                .put("tariffOption", m.tariffOption() == null ? null : m.tariffOption().toLowerCase(Locale.ROOT))
                .put("kva", m.subscribedKva());
    }

    static JsonObject of(Gateway g) {
        return new JsonObject(g.fields());
    }

    private void households(RoutingContext rc) {
        jdbc.run(c -> {
            JsonArray out = new JsonArray();
            for (Household h : Households.list(c)) {
                out.add(of(h).put("meters", Meters.ofHousehold(c, h.id()).size()));
            }
            return new JsonObject().put("households", out);
        }).onSuccess(o -> json(rc, 200, o)).onFailure(e -> fail(rc, e));
    }

    private void addHousehold(RoutingContext rc) {
        JsonObject b = body(rc);
        Caller caller = SessionAuth.caller(rc);
        String address = address(rc);
        Onboarding.NewHousehold h = new Onboarding.NewHousehold(text(b, "name"), text(b, "zone"), text(b, "id"));
        jdbc.inTransaction(c -> {
            Household created = onboarding.addHousehold(c, h);
            audit(c, caller, created.id().value(), "household.created", "household/" + created.id(), address);
            return created;
        }).onSuccess(x -> json(rc, 201, of(x))).onFailure(e -> fail(rc, e));
    }

    private void household(RoutingContext rc) {
        String id = param(rc, "household");
        jdbc.run(c -> {
            Onboarding.HouseholdWithMeters f = Onboarding.household(c, id);
            JsonArray meters = new JsonArray();
            JsonArray gateways = new JsonArray();
            for (Meter m : f.meters()) {
                meters.add(of(m));
                GatewayRegistry.ofMeter(c, m.code()).forEach(g -> gateways.add(of(g)));
            }
            return of(f.household()).put("meters", meters).put("gateways", gateways);
        }).onSuccess(o -> json(rc, 200, o)).onFailure(e -> fail(rc, e));
    }

    private void meters(RoutingContext rc) {
        String household = query(rc, "household");
        jdbc.run(c -> {
            JsonArray out = new JsonArray();
            Onboarding.meters(c, household).forEach(m -> out.add(of(m)));
            return new JsonObject().put("meters", out);
        }).onSuccess(o -> json(rc, 200, o)).onFailure(e -> fail(rc, e));
    }

    private void addMeter(RoutingContext rc) {
        JsonObject b = body(rc);
        Caller caller = SessionAuth.caller(rc);
        String address = address(rc);
        Onboarding.NewMeter m = new Onboarding.NewMeter(text(b, "household"), text(b, "fluid"), text(b, "code"),
                text(b, "tariffOption"), kva(b));
        jdbc.inTransaction(c -> {
            Meter added = onboarding.addMeter(c, m);
            audit(c, caller, added.household().value(), "meter.added", "meter/" + added.code(), address);
            return added;
        }).onSuccess(x -> json(rc, 201, of(x))).onFailure(e -> fail(rc, e));
    }

    private void removeMeter(RoutingContext rc) {
        String code = param(rc, "meter");
        Caller caller = SessionAuth.caller(rc);
        String address = address(rc);
        jdbc.inTransaction(c -> {
            Meter removed = onboarding.removeMeter(c, code);
            audit(c, caller, removed.household().value(), "meter.removed", "meter/" + removed.code(), address);
            return removed;
        }).onSuccess(x -> json(rc, 200, of(x).put("removed", true))).onFailure(e -> fail(rc, e));
    }

    private void gateways(RoutingContext rc) {
        String meter = query(rc, "meter");
        jdbc.run(c -> {
            JsonArray out = new JsonArray();
            (meter == null ? GatewayRegistry.list(c) : GatewayRegistry.ofMeter(c, new org.ecofoyer.core.MeterCode(meter)))
                    .forEach(g -> out.add(of(g)));
            return new JsonObject().put("gateways", out);
        }).onSuccess(o -> json(rc, 200, o)).onFailure(e -> fail(rc, e));
    }

    private void gateway(RoutingContext rc) {
        String id = param(rc, "gateway");
        jdbc.run(c -> Onboarding.gateway(c, id)).onSuccess(g -> json(rc, 200, of(g))).onFailure(e -> fail(rc, e));
    }

    private void addGateway(RoutingContext rc) {
        JsonObject b = body(rc);
        Caller caller = SessionAuth.caller(rc);
        String address = address(rc);
        Onboarding.NewGatewayRequest r = new Onboarding.NewGatewayRequest(text(b, "meter"), text(b, "firmware"), text(b, "mode"),
                text(b, "id"), text(b, "serial"));
        jdbc.inTransaction(c -> {
            GatewayRegistry.Secret s = onboarding.addGateway(c, r);
            audit(c, caller, s.gateway().household(), "gateway.added", "gateway/" + s.gateway().id(), address);
            return s;
        }).onSuccess(s -> json(rc, 201, secret(s))).onFailure(e -> fail(rc, e));
    }

    private void rotateSecret(RoutingContext rc) {
        String id = param(rc, "gateway");
        Caller caller = SessionAuth.caller(rc);
        String address = address(rc);
        jdbc.inTransaction(c -> {
            GatewayRegistry.Secret s = onboarding.rotateSecret(c, id);
            audit(c, caller, s.gateway().household(), "gateway.secret.rotated", "gateway/" + id, address);
            return s;
        }).onSuccess(s -> json(rc, 200, secret(s))).onFailure(e -> fail(rc, e));
    }

    private void removeGateway(RoutingContext rc) {
        String id = param(rc, "gateway");
        Caller caller = SessionAuth.caller(rc);
        String address = address(rc);
        jdbc.inTransaction(c -> {
            Gateway g = onboarding.removeGateway(c, id);
            audit(c, caller, g.household(), "gateway.removed", "gateway/" + id, address);
            return g;
        }).onSuccess(g -> json(rc, 200, of(g).put("removed", true).put("brokerProvisioned", onboarding.liveBroker())))
                .onFailure(e -> fail(rc, e));
    }

    /**
     * The gateway with its new password (this once) and its firmware configuration with the password filled in, when
     * the broker's address is known; {@code brokerProvisioned}: whether the broker has the account already.
     */
    private JsonObject secret(GatewayRegistry.Secret s) {
        JsonObject o = of(s.gateway()).put("password", s.password()).put("brokerProvisioned", onboarding.liveBroker());
        if (brokerUrl != null) {
            FirmwareConfig fc = FirmwareConfig.of(s.gateway(), BrokerAddress.parse(brokerUrl), s.password());
            o.put("config", new JsonObject().put("text", fc.text()).put("notes", new JsonArray(fc.notes())));
        }
        return o;
    }

    /** The firmware configuration to paste, with a placeholder for the password (shown only when made). */
    private void config(RoutingContext rc) {
        String id = param(rc, "gateway");
        String url = query(rc, "broker") != null ? query(rc, "broker") : brokerUrl;
        if (url == null) {
            throw ApiError.badRequest("broker: give the broker's address as the gateway reaches it (ingest.mqtt.url is not set)");
        }
        BrokerAddress broker;
        try {
            broker = BrokerAddress.parse(url);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        jdbc.run(c -> FirmwareConfig.of(Onboarding.gateway(c, id), broker, null)).onSuccess(fc -> {
            if ("text".equals(rc.request().getParam("format"))) {
                rc.response().putHeader("content-type", "text/plain; charset=utf-8").putHeader("cache-control", "no-store")
                        .putHeader("content-disposition", "attachment; filename=\"" + id + "-config.txt\"").end(fc.text());
            } else {
                json(rc, 200, new JsonObject().put("text", fc.text()).put("notes", new JsonArray(fc.notes())));
            }
        }).onFailure(e -> fail(rc, e));
    }

    private static void audit(Connection c, Caller caller, String household, String action, String resource, String address)
            throws SQLException {
        Audit.record(c, Audit.Event.of(caller, household, action, resource, address, null));
    }

    /** A path parameter (an id or code) as it may be used: bounded, no control character, else a 400. */
    private static String param(RoutingContext rc, String name) {
        return identifier(rc.pathParam(name), name, 200);
    }

    /** An optional query parameter, checked as {@link #param}. */
    private static String query(RoutingContext rc, String name) {
        String v = rc.request().getParam(name);
        return v == null ? null : identifier(v, name, 200);
    }

    /** An optional text field: absent or null is null; anything but a string is a 400. */
    private static String text(JsonObject b, String key) {
        Object v = b.getValue(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw ApiError.badRequest("'" + key + "' must be a string.");
        }
        return identifier(s, key, 200);
    }

    private static Integer kva(JsonObject b) {
        Object v = b.getValue("kva");
        if (v == null) {
            return null;
        }
        if (!(v instanceof Integer i)) {
            throw ApiError.badRequest("'kva' must be a whole number.");
        }
        return i;
    }

    /** The onboarding's refusals, with their own words: 404 for what does not exist, 400 otherwise; a broker failure 503. */
    private static void fail(RoutingContext rc, Throwable e) {
        if (e instanceof Refusal.NotFound r) {
            rc.fail(new ApiError(404, "Not found", r.getMessage()));
        } else if (e instanceof Refusal r) {
            rc.fail(ApiError.badRequest(r.getMessage()));
        } else if (e instanceof BrokerProvisioning.Failure f) {
            rc.fail(new ApiError(503, "Broker unavailable", f.getMessage()));
        } else if (e instanceof IllegalArgumentException bad) { // a blank meter code in ?meter=, say
            rc.fail(ApiError.badRequest(bad.getMessage()));
        } else {
            rc.fail(e);
        }
    }
}
