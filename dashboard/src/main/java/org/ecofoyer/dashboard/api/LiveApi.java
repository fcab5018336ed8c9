package org.ecofoyer.dashboard.api;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.ecofoyer.core.Channels;
import org.ecofoyer.core.Fluid;
import org.ecofoyer.core.Meter;
import org.ecofoyer.dashboard.HouseholdData;
import org.ecofoyer.dashboard.auth.Access;
import org.ecofoyer.dashboard.auth.Caller;
import org.ecofoyer.dashboard.auth.OpenStreams;
import org.ecofoyer.dashboard.auth.Sessions;
import org.ecofoyer.ingest.pipeline.LiveBus;
import org.ecofoyer.ingest.query.Readings;
import org.ecofoyer.storage.Jdbc;

/**
 * {@code GET /households/{id}/live}: Server-Sent Events of the household's electricity meters, straight from the
 * ingest live bus ({@link LiveBus#address}, body {@code {meter, instant, values}}),
 * preceded by the last minutes of stored per-minute power so the curve is not empty. The browser's EventSource
 * reconnects by itself ({@code retry}); a comment every 15 s keeps proxies from closing an idle stream. A slow
 * client loses live points rather than growing a queue. A stream lasts only as long as the access it was opened
 * under: sign-out, a password change, the household's erasure, or
 * the narrowing or revocation of the consent an advisor opened it under end it at once.
 */
public final class LiveApi {
    private static final Duration HISTORY = Duration.ofMinutes(15);
    /** Keep-alive comment and session check period of an open stream. */
    static final java.time.Duration HEARTBEAT = java.time.Duration.ofSeconds(15);

    private final Vertx vertx;
    private final Jdbc jdbc;
    private final Sessions sessions;
    private final OpenStreams streams;
    private final java.time.Clock clock;

    public LiveApi(Vertx vertx, Jdbc jdbc, Sessions sessions, OpenStreams streams, java.time.Clock clock) {
        this.clock = clock;
        this.vertx = vertx;
        this.jdbc = jdbc;
        this.sessions = sessions;
        this.streams = streams;
    }

    public void mount(Router api) {
        api.get("/households/:household/live").handler(this::live);
    }

    private record Start(List<String> meters, JsonArray history) {
    }

    private void live(RoutingContext rc) {
        Access.Grant grant = HouseholdApi.grant(rc);
        String household = grant.householdId();
        jdbc.run(c -> {
            List<String> codes = new ArrayList<>();
            JsonArray history = new JsonArray();
            for (Meter m : HouseholdData.meters(c, household)) {
                if (m.fluid() != Fluid.ELECTRICITY) {
                    continue;
                }
                codes.add(m.code().value());
                for (Readings.Point p : Readings.recent(c, m.id(), Channels.POWER_MEAN_1M, HISTORY)) {
                    history.add(new JsonObject().put("meter", m.code().value())
                            .put("instant", p.instant().toString()).put("power", p.value()));
                }
            }
            return new Start(codes, history);
        }).onSuccess(start -> stream(rc, grant, start)).onFailure(rc::fail);
    }

    private void stream(RoutingContext rc, Access.Grant grant, Start start) {
        HttpServerResponse res = rc.response();
        res.setChunked(true)
                .putHeader("content-encoding", "identity")
                .putHeader("content-type", "text/event-stream; charset=utf-8")
                .putHeader("cache-control", "no-store")
                .putHeader("x-accel-buffering", "no");
        res.write("retry: 3000\n\n");
        res.write(event("meters", new JsonObject().put("meters", new JsonArray(start.meters()))));
        res.write(event("history", new JsonObject().put("points", start.history())));
        List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();
        for (String code : start.meters()) {
            consumers.add(vertx.eventBus().<JsonObject>consumer(LiveBus.address(code), msg -> {
                if (res.ended() || res.writeQueueFull()) {
                    return;
                }
                JsonObject body = msg.body();
                JsonObject values = body.getJsonObject("values", new JsonObject());
                Object power = values.getValue(Channels.POWER_APPARENT);
                JsonObject point = new JsonObject().put("meter", body.getString("meter")).put("instant", body.getString("instant"))
                        .put("power", power).put("values", values);
                res.write(event("reading", point));
            }));
        }
        Caller caller = grant.caller();
        // Whatever ends the access on this instance ends the stream at once (OpenStreams); on another instance, the
        // session check with each keep-alive ends it within HEARTBEAT.
        Object handle = streams.add(caller, grant.householdId(), grant.consentId(), () -> {
            if (!res.ended()) {
                res.end();
            }
        });
        // An advisor's stream also lasts only while its consent does: the check sees an expiry by the dashboard's clock.
        long heartbeat = vertx.setPeriodic(HEARTBEAT.toMillis(), id -> jdbc.run(c -> sessions.alive(c, caller.sessionHash())
                        && (grant.owner() || org.ecofoyer.dashboard.consent.Consents.live(c, caller.userId(), grant.householdId(), clock.instant())
                        .filter(current -> current.equals(grant.consent())).isPresent()))
                .onSuccess(alive -> {
                    if (res.ended()) {
                        return;
                    }
                    if (alive) {
                        res.write(": keep-alive\n\n");
                    } else {
                        res.end();
                    }
                }));
        // An advisor's stream ends at its consent's expiry itself, not at the next keep-alive after it.
        long expiry = grant.consent() == null ? -1 : vertx.setTimer(
                Math.max(1, java.time.Duration.between(clock.instant(), grant.consent().expiresAt()).toMillis()), id -> {
                    if (!res.ended()) {
                        res.end();
                    }
                });
        res.closeHandler(v -> stop(heartbeat, expiry, consumers, handle));
        res.endHandler(v -> stop(heartbeat, expiry, consumers, handle));
    }

    private void stop(long heartbeat, long expiry, List<MessageConsumer<JsonObject>> consumers, Object handle) {
        vertx.cancelTimer(heartbeat);
        if (expiry >= 0) {
            vertx.cancelTimer(expiry);
        }
        consumers.forEach(MessageConsumer::unregister);
        streams.remove(handle);
    }

    static String event(String name, JsonObject data) {
        return "event: " + name + "\ndata: " + data.encode() + "\n\n";
    }
}
