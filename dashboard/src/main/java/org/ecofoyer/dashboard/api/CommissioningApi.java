package org.ecofoyer.dashboard.api;

import static org.ecofoyer.dashboard.web.Requests.json;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;
import org.ecofoyer.dashboard.auth.Caller;
import org.ecofoyer.dashboard.auth.Role;
import org.ecofoyer.dashboard.web.ApiError;
import org.ecofoyer.dashboard.web.SessionAuth;
import org.ecofoyer.gateway.Checklist;
import org.ecofoyer.gateway.Gateway;
import org.ecofoyer.gateway.GatewayRegistry;
import org.ecofoyer.dashboard.GatewayChecklists;
import org.ecofoyer.storage.Jdbc;

/**
 * The commissioning checklist for installers and operators (issue #14): {@code GET /gateways} (the registered gateways
 * and their states) and {@code GET /gateways/{id}/commissioning} (one gateway's checklist as of now, with the
 * diagnoses: the same {@link Checklist} as {@code ecofoyer gateway watch}). Other roles get 403. Every installer sees
 * every gateway: assigning gateways to installers is not modelled yet.
 */
public final class CommissioningApi {
    private final Jdbc jdbc;
    private final SessionAuth auth;
    private final Clock clock;
    private final Supplier<Boolean> brokerUp;

    /** @param brokerUp whether ingest is connected to the broker (null: unknown, e.g. no MQTT configured) */
    public CommissioningApi(Jdbc jdbc, SessionAuth auth, Clock clock, Supplier<Boolean> brokerUp) {
        this.jdbc = jdbc;
        this.auth = auth;
        this.clock = clock;
        this.brokerUp = brokerUp;
    }

    public void mount(Router api) {
        api.get("/gateways").handler(auth::require).handler(this::list);
        api.get("/gateways/:id/commissioning").handler(auth::require).handler(this::checklist);
    }

    private static void installerOrOperator(RoutingContext rc) {
        Caller caller = SessionAuth.caller(rc);
        if (caller.roleEnum() != Role.INSTALLER && caller.roleEnum() != Role.OPERATOR) {
            throw ApiError.forbidden("Only installers and operators commission gateways.");
        }
    }

    private void list(RoutingContext rc) {
        installerOrOperator(rc);
        Instant now = clock.instant();
        jdbc.run(GatewayRegistry::list).onSuccess(all -> {
            JsonArray a = new JsonArray();
            for (Gateway g : all) {
                a.add(gateway(g).put("state", Checklist.state(g, g.activity(), now).wireName()));
            }
            json(rc, 200, new JsonObject().put("gateways", a));
        }).onFailure(rc::fail);
    }

    private void checklist(RoutingContext rc) {
        installerOrOperator(rc);
        String id = rc.pathParam("id");
        Instant now = clock.instant();
        Boolean up = brokerUp.get();
        jdbc.run(c -> GatewayChecklists.of(c, id, now, up)).onSuccess(found -> {
            if (found.isEmpty()) {
                rc.fail(ApiError.notFound());
                return;
            }
            json(rc, 200, toJson(found.get(), now));
        }).onFailure(rc::fail);
    }

    static JsonObject gateway(Gateway g) {
        return new JsonObject().put("id", g.id()).put("meter", g.meter()).put("serial", g.meterSerial())
                .put("firmware", g.firmware().wireName()).put("mode", g.mode().wireName()).put("topic", g.topic());
    }

    static JsonObject toJson(GatewayChecklists.Commissioning found, Instant now) {
        Checklist c = found.checklist();
        JsonArray items = new JsonArray();
        for (Checklist.Item i : c.items()) {
            items.add(new JsonObject().put("id", i.id()).put("status", i.status().wireName()).put("detail", i.detail())
                    .put("params", new JsonObject(new java.util.LinkedHashMap<>(i.params()))));
        }
        JsonArray diagnoses = new JsonArray();
        for (Checklist.Diagnosis d : c.diagnoses()) {
            diagnoses.add(new JsonObject().put("code", d.code()).put("text", d.text())
                    .put("params", new JsonObject(new java.util.LinkedHashMap<>(d.params()))));
        }
        return new JsonObject().put("gateway", gateway(found.gateway())).put("at", now.toString()).put("state", c.state().wireName())
                .put("green", c.green()).put("items", items).put("diagnoses", diagnoses);
    }
}
