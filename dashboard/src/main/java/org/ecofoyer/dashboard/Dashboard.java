package org.ecofoyer.dashboard;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.ecofoyer.aggregation.query.QueryService;
import org.ecofoyer.dashboard.api.AccountApi;
import org.ecofoyer.dashboard.api.ConsumptionApi;
import org.ecofoyer.dashboard.api.EnedisConsentApi;
import org.ecofoyer.dashboard.api.HouseholdApi;
import org.ecofoyer.dashboard.api.LiveApi;
import org.ecofoyer.dashboard.auth.Access;
import org.ecofoyer.dashboard.auth.Accounts;
import org.ecofoyer.dashboard.auth.OpenStreams;
import org.ecofoyer.dashboard.auth.PasswordHasher;
import org.ecofoyer.dashboard.auth.Sessions;
import org.ecofoyer.dashboard.auth.SignInThrottle;
import org.ecofoyer.dashboard.web.ApiError;
import org.ecofoyer.dashboard.web.Pages;
import org.ecofoyer.dashboard.web.Problems;
import org.ecofoyer.dashboard.web.SessionAuth;
import org.ecofoyer.dashboard.web.TrustedProxies;
import org.ecofoyer.ingest.sync.UtilitySync;
import org.ecofoyer.storage.Jdbc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The household dashboard: accounts, the {@code /api/v1} API, the pages. Mounted on {@link WebServer}'s router. */
public final class Dashboard {
    private static final Logger LOG = LoggerFactory.getLogger(Dashboard.class);
    public static final String API = "/api/v1";

    private final Vertx vertx;
    private final Jdbc jdbc;
    /** The charts' reads (rollups): the read replica's when one is configured, else {@link #jdbc}. */
    private Jdbc chartReads;
    private final DashboardConfig config;
    private final Accounts accounts;
    private final Sessions sessions;
    private final SignInThrottle throttle;
    private Access access;
    private final OpenStreams streams = new OpenStreams();
    private final WorkerExecutor kdf;
    private final List<HouseholdExport.Part> exportParts = new ArrayList<>();
    private long housekeeping = -1;
    private Clock clock = Clock.systemUTC();
    private EnedisConsentApi.Settings enedis;
    private UtilitySync utilitySync;
    private java.util.function.Supplier<Boolean> brokerUp = () -> null;
    private org.ecofoyer.gateway.Onboarding onboarding = new org.ecofoyer.gateway.Onboarding(org.ecofoyer.gateway.BrokerProvisioning.FILES);
    private String brokerUrl;
    private org.ecofoyer.dashboard.engage.MailConfig mail = org.ecofoyer.dashboard.engage.MailConfig.NONE;
    private org.ecofoyer.dashboard.engage.Mailer mailer;
    private long alertTimer = -1;
    private boolean alertsPeriodic;

    public Dashboard(Vertx vertx, Jdbc jdbc, DashboardConfig config, PasswordHasher hasher) {
        this.vertx = vertx;
        this.jdbc = jdbc;
        this.chartReads = jdbc;
        this.config = config;
        this.accounts = new Accounts(hasher);
        this.sessions = new Sessions(config.sessionIdleTimeout(), config.sessionMaxAge());
        this.throttle = new SignInThrottle(config.signInWindow(), config.signInMaxPerAccount(), config.signInMaxPerAddress());
        // Password hashing is slow on purpose: its own small pool bounds the CPU an attack can take.
        this.kdf = vertx.createSharedWorkerExecutor("ecofoyer-kdf", 2);
    }

    /** Adds files to the household export (other modules' data). */
    public Dashboard withExportPart(HouseholdExport.Part part) {
        exportParts.add(part);
        return this;
    }

    /**
     * Where the charts read rollups (overview, series, analysis): the read replica's connections
     * ({@code Database.readDataSource()}). Nothing else reads there: sessions, accounts, profiles, consents, the access
     * log, the live page and exports read what a household may just have written, on the primary.
     */
    public Dashboard withChartReads(Jdbc reads) {
        this.chartReads = reads;
        return this;
    }

    /** The clock that says what "today" and "this month" are (tests fix it). */
    public Dashboard withClock(Clock c) {
        this.clock = c;
        return this;
    }

    /** Lets households connect their Linky through Enedis' consent page (the utility sync registers and backfills it). */
    public Dashboard withEnedisConsent(EnedisConsentApi.Settings settings, UtilitySync sync) {
        this.enedis = settings;
        this.utilitySync = sync;
        return this;
    }

    /** Whether ingest is connected to the MQTT broker, for the commissioning checklist (null: unknown). */
    public Dashboard withBrokerStatus(java.util.function.Supplier<Boolean> up) {
        this.brokerUp = up;
        return this;
    }

    /**
     * Onboarding with this broker provisioning (live through Mosquitto's dynamic security, or the exported files: the
     * default); {@code brokerUrl}: the broker as gateways reach it, for their firmware configuration (or null).
     */
    public Dashboard withOnboarding(org.ecofoyer.gateway.Onboarding o, String brokerUrl) {
        this.onboarding = o;
        this.brokerUrl = brokerUrl;
        return this;
    }

    /**
     * E-mails alerts and monthly reports through this SMTP server (issue #16); without it they stay in the app.
     * {@code mailer} null: the SMTP mailer of {@code config}.
     */
    public Dashboard withMail(org.ecofoyer.dashboard.engage.MailConfig config, org.ecofoyer.dashboard.engage.Mailer mailer) {
        this.mail = config;
        this.alertsPeriodic = true;
        this.mailer = mailer != null ? mailer : config.configured() ? new org.ecofoyer.dashboard.engage.SmtpMailer(config) : null;
        return this;
    }

    /** The alert job on the dashboard's clock and mail settings (the periodic timer runs it; tests call it directly). */
    public org.ecofoyer.dashboard.engage.AlertJob alertJob() {
        return new org.ecofoyer.dashboard.engage.AlertJob(clock, mail, mailer, ECOGESTURES);
    }

    private static final org.ecofoyer.dashboard.engage.Ecogestures ECOGESTURES = new org.ecofoyer.dashboard.engage.Ecogestures();

    /** Whether the request carries a live operator session (for the details of {@code /health}). */
    public Future<Boolean> isOperator(io.vertx.ext.web.RoutingContext rc) {
        io.vertx.core.http.Cookie cookie = rc.request().getCookie(SessionAuth.SESSION_COOKIE);
        if (cookie == null) {
            return Future.succeededFuture(false);
        }
        return jdbc.run(c -> sessions.find(c, cookie.getValue()))
                .map(found -> found.map(caller -> caller.roleEnum() == org.ecofoyer.dashboard.auth.Role.OPERATOR).orElse(false));
    }

    public Accounts accounts() {
        return accounts;
    }

    /** Mounts the API and the pages; {@code router} already carries the security headers. */
    public void mount(Router router) {
        SessionAuth auth = new SessionAuth(jdbc, sessions, config.secureCookies());
        // The body handler must run before anything asynchronous (the session lookup), or the body is lost.
        router.route(API + "/*").handler(BodyHandler.create(false).setBodyLimit(64 * 1024));
        router.route().handler(TrustedProxies.parse(config.trustedProxies())::handle);
        router.route().handler(auth::load);

        access = new Access(jdbc, clock);
        Router api = Router.router(vertx);
        api.route().handler(auth::csrf);
        new AccountApi(jdbc, kdf, accounts, sessions, throttle, auth, access, config, streams).mount(api);
        new HouseholdApi(jdbc, kdf, accounts, access, auth, new HouseholdExport(exportParts), clock,
                enedis != null, throttle, streams).mount(api);
        new ConsumptionApi(jdbc, new QueryService(chartReads), clock).mount(api);
        new LiveApi(vertx, jdbc, sessions, streams, clock).mount(api);
        new org.ecofoyer.dashboard.api.ProfileApi(jdbc).mount(api);
        new org.ecofoyer.dashboard.api.ConsentApi(jdbc, auth, streams, clock,
                SignInThrottle.advisorCodes(config.signInWindow(), 10, 30)).mount(api);
        new org.ecofoyer.dashboard.api.ComparisonApi(jdbc, auth).mount(api);
        if (enedis != null) {
            EnedisConsentApi consent = new EnedisConsentApi(jdbc, utilitySync, enedis, clock);
            consent.mount(api);
            consent.mountCallback(router);
        }
        new org.ecofoyer.dashboard.api.PriceApi(jdbc, access, auth).mount(api);
        new org.ecofoyer.dashboard.api.CommissioningApi(jdbc, auth, clock, brokerUp).mount(api);
        new org.ecofoyer.dashboard.api.InstallerApi(jdbc, auth, onboarding, brokerUrl).mount(api);
        new org.ecofoyer.dashboard.engage.EngageApi(jdbc, clock, ECOGESTURES, mailer != null).mount(api);
        api.get("/openapi.yaml").handler(rc -> rc.response().putHeader("content-type", "application/yaml")
                .putHeader("cache-control", "no-cache").sendFile("dashboard/openapi.yaml"));
        api.route().handler(rc -> rc.fail(ApiError.notFound()));
        api.route().failureHandler(Problems::handle);
        router.route(API + "/*").subRouter(api);

        new Pages(auth).mount(router);

        // Also records the consents that expired since (the history shows each expiry at its moment either way).
        housekeeping = vertx.setPeriodic(60_000, 10 * 60_000, id -> jdbc.run(c -> sessions.purge(c) + throttle.purge(c)
                        + org.ecofoyer.dashboard.consent.Consents.recordExpiries(c, clock.instant()))
                .onFailure(e -> LOG.warn("session housekeeping failed: {}", e.toString())));
        // Alerts, report e-mails and challenge results (#16): every 15 minutes, the first a minute after start.
        // (started by withMail, which the server always calls; test dashboards run the job themselves, on their clock)
        org.ecofoyer.dashboard.engage.AlertJob job = alertJob();
        alertTimer = !alertsPeriodic ? -1 : vertx.setPeriodic(60_000, 15 * 60_000, id -> jdbc.run(job::run)
                .onFailure(e -> LOG.warn("alert job failed: {}", e.toString())));
    }

    public Future<Void> close() {
        if (housekeeping >= 0) {
            vertx.cancelTimer(housekeeping);
        }
        if (alertTimer >= 0) {
            vertx.cancelTimer(alertTimer);
        }
        return kdf.close();
    }
}
