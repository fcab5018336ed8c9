package org.ecofoyer.app;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.ecofoyer.aggregation.query.QueryService;
import org.ecofoyer.aggregation.store.RecomputeWorker;
import org.ecofoyer.app.config.EcofoyerConfig;
import org.ecofoyer.core.MeterKind;
import org.ecofoyer.dashboard.Dashboard;
import org.ecofoyer.dashboard.WebServer;
import org.ecofoyer.dashboard.api.EnedisConsentApi;
import org.ecofoyer.dashboard.auth.PasswordHasher;
import org.ecofoyer.ingest.IngestService;
import org.ecofoyer.ingest.sync.UtilitySync;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.Jdbc;
import org.ecofoyer.storage.Timescale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running product: database (embedded or external), migrations, Vert.x and the HTTP server, wired together.
 * Started by {@code serve} and {@code demo}; {@link #close()} stops everything in reverse order.
 */
public final class EcofoyerServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EcofoyerServer.class);

    private final Database database;
    private final Vertx vertx;
    private final Jdbc jdbc;
    private final WebServer web;
    private final RecomputeWorker recompute;
    private final QueryService queries;
    private final IngestService ingest;
    private final UtilityWiring utilities;
    private volatile boolean closed;

    private EcofoyerServer(Database database, Vertx vertx, Jdbc jdbc, WebServer web, RecomputeWorker recompute,
                           IngestService ingest, UtilityWiring utilities) {
        this.database = database;
        this.vertx = vertx;
        this.jdbc = jdbc;
        this.web = web;
        this.recompute = recompute;
        this.queries = new QueryService(jdbc);
        this.ingest = ingest;
        this.utilities = utilities;
    }

    /** Starts everything; blocking, called from the main thread. */
    public static EcofoyerServer start(EcofoyerConfig config) throws Exception {
        Database db = Database.open(config.storage(), Path.of(config.dataDir()));
        Vertx vertx = null;
        IngestService ingest = null;
        try {
            db.migrate();
            vertx = Vertx.vertx();
            Jdbc jdbc = new Jdbc(vertx, db.dataSource(), config.storage().poolSize());
            Dashboard dashboard = new Dashboard(vertx, jdbc, config.dashboard(), new PasswordHasher());
            WebServer web = new WebServer(vertx, config.http(), Version.get())
                    .withHealthCheck("database", () -> databaseHealth(db, jdbc))
                    .withDashboard(dashboard, config.dashboard().secureCookies());
            // The ingest pipeline (its writer is the one way readings reach the database), its metrics and health.
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            ingest = IngestService.start(config.ingest(), db.dataSource(), vertx, registry, config.storage().retentionDays());
            web.withMetrics(registry::scrape);
            ingest.health().forEach((name, part) -> web.withHealthCheck(name, () -> Future.succeededFuture(part.get())));
            // The utility sync stores gas, water and Enedis data through the ingest writer.
            UtilityWiring utilities = UtilityWiring.create(vertx, jdbc, ingest.writer(), config.utility(), true);
            if (utilities.configuredKinds().contains(MeterKind.ENEDIS_API)) {
                dashboard.withEnedisConsent(new EnedisConsentApi.Settings(config.dashboard().enedisConsentUrl(),
                        config.utility().enedis().clientId()), utilities.sync());
            }
            try {
                web.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                utilities.close();
                throw e;
            }
            // Rollups follow ingest: dirty ranges are recomputed periodically, and once now for what came in while down.
            RecomputeWorker recompute = new RecomputeWorker(vertx, db.dataSource(), config.aggregation()).start();
            recompute.runNow();
            return new EcofoyerServer(db, vertx, jdbc, web, recompute, ingest, utilities);
        } catch (Exception e) {
            if (ingest != null) {
                ingest.close();
            }
            if (vertx != null) {
                vertx.close();
            }
            db.close();
            throw e;
        }
    }

    private static Future<JsonObject> databaseHealth(Database db, Jdbc jdbc) {
        Timescale ts = db.timescale();
        return jdbc.run(c -> c.isValid(2))
                .otherwise(false)
                .map(reachable -> new JsonObject()
                        .put("up", reachable)
                        .put("reachable", reachable)
                        .put("kind", db.isEmbedded() ? "embedded" : "external")
                        .put("timescaledb", ts.present() ? "yes" : "no")
                        .put("timescaledb_version", ts.version()));
    }

    public int port() {
        return web.actualPort();
    }

    public Vertx vertx() {
        return vertx;
    }

    public Database database() {
        return database;
    }

    /** The rollup query service (what the dashboard reads). */
    public QueryService queries() {
        return queries;
    }

    /** The periodic recompute of dirty ranges into rollups. */
    public RecomputeWorker recompute() {
        return recompute;
    }

    /** The ingest pipeline: its writer is the entry point for every other source of readings. */
    public IngestService ingest() {
        return ingest;
    }

    /** Gas, water and Enedis meters' sync (state, sync now). */
    public UtilitySync utilitySync() {
        return utilities.sync();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("stopping");
        try {
            web.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            utilities.close();
            ingest.close();
            recompute.close();
            jdbc.close();
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("HTTP server did not stop cleanly: {}", e.toString());
        }
        database.close();
        LOG.info("stopped");
    }
}
