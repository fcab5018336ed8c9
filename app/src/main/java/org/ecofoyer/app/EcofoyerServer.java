package org.ecofoyer.app;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import org.ecofoyer.aggregation.query.MissingPriceWatch;
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

/**
 * The running product: database (embedded or external), migrations, Vert.x, ingest, the utility sync, the recompute
 * and the HTTP server with the dashboard, started in that order (each after what it needs) by one {@link Lifecycle},
 * which stops them in reverse: HTTP first, the database last. {@link #close()} and the process's exit (SIGTERM, Ctrl-C)
 * run the same stop, once.
 */
public final class EcofoyerServer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Lifecycle lifecycle;
    private final Database database;
    private final Vertx vertx;
    private final WebServer web;
    private final RecomputeWorker recompute;
    private final QueryService queries;
    private final IngestService ingest;
    private final UtilityWiring utilities;
    private final MissingPriceWatch missingPrices;

    private EcofoyerServer(Lifecycle lifecycle, Database database, Vertx vertx, Jdbc jdbc, WebServer web,
                           RecomputeWorker recompute, IngestService ingest, UtilityWiring utilities, MissingPriceWatch missingPrices) {
        this.lifecycle = lifecycle;
        this.database = database;
        this.vertx = vertx;
        this.web = web;
        this.recompute = recompute;
        this.queries = new QueryService(jdbc);
        this.ingest = ingest;
        this.utilities = utilities;
        this.missingPrices = missingPrices;
    }

    /** Starts everything, in dependency order; blocking, called from the main thread (never from an event loop). */
    public static EcofoyerServer start(EcofoyerConfig config) throws Exception {
        Lifecycle life = new Lifecycle();
        try {
            // The database first, stopped last: everything below writes to it. Opening it is blocking (the embedded
            // server starts, migrations run), so it is done before Vert.x exists.
            Database db = Database.open(config.storage(), Path.of(config.dataDir()));
            life.started("database", db::close);
            life.stopOnExit();
            db.migrate();
            Vertx vertx = Vertx.vertx();
            life.started("Vert.x", () -> Lifecycle.await(vertx.close(), STOP_TIMEOUT));
            Jdbc jdbc = new Jdbc(vertx, db.dataSource(), config.storage().poolSize());
            life.started("JDBC workers", jdbc::close);
            // The ingest pipeline (its writer is the one way readings reach the database). Stopped after everything that
            // hands it readings, it writes what downsampling holds before its MQTT session closes.
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            IngestService ingest = IngestService.start(config.ingest(), db.dataSource(), vertx, registry, config.storage().retentionDays());
            life.started("ingest", ingest::close);
            // The utility sync stores gas, water and Enedis data through the ingest writer.
            UtilityWiring utilities = UtilityWiring.create(vertx, jdbc, ingest.writer(), config.utility(), true);
            life.started("utility sync", utilities::close);
            // Rollups follow ingest: dirty ranges are recomputed periodically, and once now for what came in while down.
            RecomputeWorker recompute = new RecomputeWorker(vertx, db.longOperations(), config.aggregation()).start();
            life.started("recompute", recompute::close);
            // The operator told which prices are missing (#16): once the start-up pass is done, then once a day.
            MissingPriceWatch prices = new MissingPriceWatch(db.longOperations(), java.time.Clock.systemUTC(), registry);
            life.started("missing-price watch", prices::close);
            recompute.runNow().onComplete(done -> prices.start(Duration.ZERO, MissingPriceWatch.EVERY));
            // HTTP last, the dashboard built whole before it is mounted: nothing is served before what it reads is up.
            Dashboard dashboard = new Dashboard(vertx, jdbc, config.dashboard(), new PasswordHasher())
                    .withBrokerStatus(() -> ingest.mqtt() == null ? null : ingest.mqtt().isConnected())
                    .withOnboarding(new org.ecofoyer.gateway.Onboarding(org.ecofoyer.gateway.DynamicSecurity.of(
                            config.ingest().dynamicSecurity(), config.ingest().mqtt().url())), config.ingest().mqtt().url());
            if (db.readDataSource() != db.dataSource()) {
                // The charts' rollups from the read replica (storage.read-url), on workers of their own.
                Jdbc chartReads = new Jdbc(vertx, db.readDataSource(), config.storage().poolSize());
                life.started("JDBC workers (read replica)", chartReads::close);
                dashboard.withChartReads(chartReads);
            }
            // Alerts, report e-mails and challenge results every 15 minutes; e-mailed when the operator set mail.host.
            dashboard.withMail(config.mail(), null);
            if (utilities.configuredKinds().contains(MeterKind.ENEDIS_API)) {
                dashboard.withEnedisConsent(new EnedisConsentApi.Settings(config.dashboard().enedisConsentUrl(),
                        config.utility().enedis().clientId()), utilities.sync());
            }
            WebServer web = new WebServer(vertx, config.http(), Version.get())
                    .withHealthCheck("database", () -> databaseHealth(db, jdbc))
                    .withHealthCheck("prices", () -> Future.succeededFuture(prices.health()))
                    .withDashboard(dashboard, config.dashboard().secureCookies())
                    .withMetrics(registry::scrape);
            ingest.health().forEach((name, part) -> web.withHealthCheck(name, () -> Future.succeededFuture(part.get())));
            life.started("HTTP server", () -> Lifecycle.await(web.stop(), STOP_TIMEOUT));
            Lifecycle.await(web.start(), START_TIMEOUT);
            return new EcofoyerServer(life, db, vertx, jdbc, web, recompute, ingest, utilities, prices);
        } catch (Exception e) {
            life.close();
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

    /** What tells the operator of missing prices (its {@code check()} can be run at any time, e.g. once the demo is filled). */
    public MissingPriceWatch missingPrices() {
        return missingPrices;
    }

    /** The ingest pipeline: its writer is the entry point for every other source of readings. */
    public IngestService ingest() {
        return ingest;
    }

    /** Gas, water and Enedis meters' sync (state, sync now). */
    public UtilitySync utilitySync() {
        return utilities.sync();
    }

    /** Stops everything in reverse order of start; once (SIGTERM may have done it already). */
    @Override
    public void close() {
        lifecycle.close();
    }

    /** Blocks until the server has stopped, by {@link #close()} or by the process's exit (SIGTERM, Ctrl-C). */
    public void awaitStopped() throws InterruptedException {
        lifecycle.awaitStopped();
    }
}
