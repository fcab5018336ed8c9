package org.ecofoyer.dashboard;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ecofoyer.dashboard.web.SecurityHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP server: health, the start page and (as later parts arrive) the API and the web UI. */
public final class WebServer {
    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);

    private final Vertx vertx;
    private final HttpConfig config;
    private final String version;
    /** How long a connection may stay without any byte read or written before the server closes it. */
    public static final java.time.Duration IDLE = java.time.Duration.ofSeconds(60);
    private final Map<String, HealthCheck> checks = new LinkedHashMap<>();
    private HttpServer server;
    private Dashboard dashboard;
    private boolean tls;
    private java.util.function.Supplier<String> metrics;

    public WebServer(Vertx vertx, HttpConfig config, String version) {
        this.vertx = vertx;
        this.config = config;
        this.version = version;
    }

    /** Adds a named part to {@code /health}; the whole is up only when every part is. */
    public WebServer withHealthCheck(String name, HealthCheck check) {
        checks.put(name, check);
        return this;
    }

    /** Serves the household dashboard (API and pages); {@code tls}: a TLS proxy is in front (HSTS). */
    public WebServer withDashboard(Dashboard d, boolean behindTls) {
        this.dashboard = d;
        this.tls = behindTls;
        return this;
    }

    /** Serves {@code GET /metrics} (Prometheus text format) from {@code scrape}. */
    public WebServer withMetrics(java.util.function.Supplier<String> scrape) {
        this.metrics = scrape;
        return this;
    }

    public Future<HttpServer> start() {
        Router router = Router.router(vertx);
        router.route().handler(new SecurityHeaders(tls));
        router.get("/health").handler(this::health);
        if (metrics != null) {
            router.get("/metrics").handler(rc -> rc.response()
                    .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
                    .putHeader("cache-control", "no-store")
                    .end(metrics.get()));
        }
        if (dashboard != null) {
            dashboard.mount(router);
        } else {
            router.route("/*").handler(StaticHandler.create("webroot").setCachingEnabled(true).setIndexPage("index.html"));
        }
        // An idle connection (a half-open client, a slow reader that stopped) is closed after IDLE; live streams write a
        // keep-alive every 15 s, so they are never idle that long.
        return vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(true)
                        .setIdleTimeout((int) IDLE.toSeconds()).setIdleTimeoutUnit(java.util.concurrent.TimeUnit.SECONDS))
                .requestHandler(router)
                .listen(config.port(), config.host())
                .onSuccess(s -> {
                    server = s;
                    LOG.info("HTTP server listening on http://{}:{}/", config.host(), s.actualPort());
                });
    }

    public int actualPort() {
        return server.actualPort();
    }

    public Future<Void> stop() {
        Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
        return dashboard == null ? closed : closed.eventually(dashboard::close);
    }

    /**
     * Anonymous callers (load balancers, monitors) get the overall status and each part's {@code up}; the parts'
     * details (addresses, client ids, counters, last errors) only go to a signed-in operator.
     */
    private void health(RoutingContext rc) {
        Future<Boolean> operator = dashboard == null ? Future.succeededFuture(false) : dashboard.isOperator(rc);
        operator.otherwise(false).onComplete(ar -> health(rc, ar.result()));
    }

    private void health(RoutingContext rc, boolean details) {
        List<String> names = List.copyOf(checks.keySet());
        List<Future<JsonObject>> parts = names.stream()
                .map(n -> checks.get(n).check().otherwise(e -> new JsonObject().put("up", false).put("error", e.getMessage())))
                .toList();
        Future.join(parts).onComplete(done -> {
            JsonObject body = new JsonObject();
            if (details) {
                body.put("version", version);
            }
            boolean up = true;
            for (int i = 0; i < names.size(); i++) {
                JsonObject part = parts.get(i).result();
                boolean partUp = part.getBoolean("up", false);
                up &= partUp;
                body.put(names.get(i), details ? part : new JsonObject().put("up", partUp));
            }
            body.put("status", up ? "up" : "down");
            rc.response()
                    .setStatusCode(up ? 200 : 503)
                    .putHeader("content-type", "application/json")
                    .putHeader("cache-control", "no-store")
                    .end(body.encode());
        });
    }
}
