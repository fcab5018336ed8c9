package org.ecofoyer.tools.fake;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP server that speaks GRDF ADICT v2, Enedis Data Connect (v5 and 2026) and Eau du Grand Lyon's portal in
 * their documented formats, with {@link FakeData generated data}, and misbehaves on demand ({@link #script}). Used by
 * the clients' tests and by {@code ./ecofoyer demo}. Paths: {@code /grdf/...}, {@code /enedis/...}, {@code /teleo/...}.
 */
public final class FakeUtilityServer {
    public static final String CLIENT_ID = "ecofoyer-demo";
    public static final String CLIENT_SECRET = "demo-client-secret";
    public static final String TELEO_CLIENT_ID = "ecofoyer-teleo";
    public static final String TELEO_REDIRECT = "https://localhost/ecofoyer/teleo/callback";
    public static final String TELEO_USER = "demo@ecofoyer.example";
    public static final String TELEO_PASSWORD = "demo-portal-password";

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Vertx vertx;
    private final Clock clock;
    private final FakeData data;
    private final Map<FakeRoute, Queue<Fault>> faults = new EnumMap<>(FakeRoute.class);
    private final Map<FakeRoute, AtomicInteger> counts = new EnumMap<>(FakeRoute.class);
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private final Map<String, String> codeChallenges = new ConcurrentHashMap<>();
    private final Set<String> refreshTokens = ConcurrentHashMap.newKeySet();
    private final Set<String> denied = ConcurrentHashMap.newKeySet();
    private volatile long tokenSeconds = 14_400;
    private volatile LocalDate firstDay;
    private volatile String teleoUnit = "l";
    private volatile boolean teleoZeroBasedMonths;
    private volatile long latencyMs;
    private volatile String consentRedirect;
    private volatile String consentPrm = "09111642617347";
    private HttpServer server;

    public FakeUtilityServer(Vertx vertx, Clock clock, ZoneId zone) {
        this.vertx = vertx;
        this.clock = clock;
        this.data = new FakeData(zone);
        this.firstDay = LocalDate.now(clock.withZone(zone)).minusDays(800);
        for (FakeRoute r : FakeRoute.values()) {
            faults.put(r, new ArrayDeque<>());
            counts.put(r, new AtomicInteger());
        }
    }

    /** Starts on {@code host:port} (0 for a free port). */
    public Future<FakeUtilityServer> start(String host, int port) {
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create().setBodyLimit(64 * 1024));
        router.post("/grdf/token").handler(ctx -> clientCredentials(ctx, FakeRoute.GRDF_TOKEN, true));
        router.get("/grdf/adict/v2/pce/:pce/donnees_consos_informatives").handler(ctx -> grdfConsumption(ctx, FakeRoute.GRDF_INFORMATIVES));
        router.get("/grdf/adict/v2/pce/:pce/donnees_consos_publiees").handler(ctx -> grdfConsumption(ctx, FakeRoute.GRDF_PUBLISHED));
        router.get("/grdf/adict/v2/pce/:pce/donnees_contractuelles").handler(this::grdfContract);
        router.post("/grdf/adict/v2/droits_acces").handler(this::grdfAccessRights);
        router.post("/enedis/oauth2/v3/token").handler(ctx -> clientCredentials(ctx, FakeRoute.ENEDIS_TOKEN, false));
        router.get("/enedis/metering_data_dc/v5/daily_consumption").handler(ctx -> enedis(ctx, FakeRoute.ENEDIS_DAILY, false));
        router.get("/enedis/metering_data_clc/v5/consumption_load_curve").handler(ctx -> enedis(ctx, FakeRoute.ENEDIS_LOAD_CURVE, false));
        router.get("/enedis/metering_data_dcmp/v5/daily_consumption_max_power").handler(ctx -> enedis(ctx, FakeRoute.ENEDIS_MAX_POWER, false));
        router.get("/enedis/mesure_synchrone_auto/v2/consommation_quotidienne").handler(ctx -> enedis(ctx, FakeRoute.ENEDIS_DAILY, true));
        router.get("/enedis/mesure_synchrone_auto/v2/courbe_de_charge_consommation").handler(ctx -> enedis(ctx, FakeRoute.ENEDIS_LOAD_CURVE, true));
        router.get("/enedis/mesure_synchrone_auto/v2/puissance_conso_max_quotidienne").handler(ctx -> enedis(ctx, FakeRoute.ENEDIS_MAX_POWER, true));
        router.get("/enedis/customers_upc/v5/usage_points/contracts").handler(this::enedisContract);
        router.get("/enedis/dataconnect/v1/oauth2/authorize").handler(this::enedisConsent);
        router.post("/teleo/oauth/authorize").handler(this::teleoAuthorize);
        router.post("/teleo/oauth/token").handler(this::teleoToken);
        router.get("/teleo/rest/produits/contrats").handler(this::teleoContracts);
        router.get("/teleo/rest/produits/contrats/:id/consommationsJournalieres").handler(this::teleoDaily);
        return vertx.createHttpServer().requestHandler(router).listen(port, host).map(s -> {
            server = s;
            return this;
        });
    }

    public Future<Void> close() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    public int port() {
        return server.actualPort();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public String grdfApiUrl() {
        return baseUrl() + "/grdf/adict/v2";
    }

    public String grdfTokenUrl() {
        return baseUrl() + "/grdf/token";
    }

    public String enedisApiUrl() {
        return baseUrl() + "/enedis";
    }

    /** Data Connect's consent page (the household's browser is sent here). */
    public String enedisAuthorizeUrl() {
        return baseUrl() + "/enedis/dataconnect/v1/oauth2/authorize";
    }

    /**
     * Where the consent page sends the household back (Enedis uses the redirect URI registered for the application),
     * and the usage point (PRM) the household consents for.
     */
    public FakeUtilityServer enedisConsent(String redirectUri, String usagePointId) {
        this.consentRedirect = redirectUri;
        this.consentPrm = usagePointId;
        return this;
    }

    public String enedisTokenUrl() {
        return baseUrl() + "/enedis/oauth2/v3/token";
    }

    public String teleoUrl() {
        return baseUrl() + "/teleo";
    }

    public FakeData data() {
        return data;
    }

    /** The next requests to {@code route} get these faults, one each, in order. */
    public FakeUtilityServer script(FakeRoute route, Fault... next) {
        synchronized (faults) {
            faults.get(route).addAll(List.of(next));
        }
        return this;
    }

    /** How many requests {@code route} received. */
    public int requests(FakeRoute route) {
        return counts.get(route).get();
    }

    /** Meter ids (PCE, PRM, contract) with no consent: answered as each utility answers that. */
    public FakeUtilityServer deny(String id) {
        denied.add(id);
        return this;
    }

    /** The first day each meter has data for. */
    public FakeUtilityServer firstDay(LocalDate day) {
        this.firstDay = day;
        return this;
    }

    /** Lifetime of the tokens issued. */
    public FakeUtilityServer tokenSeconds(long seconds) {
        this.tokenSeconds = seconds;
        return this;
    }

    /** Forgets every issued access token, as an authorization server restart or a revocation would. */
    public FakeUtilityServer revokeTokens() {
        tokens.clear();
        return this;
    }

    /** Téléo's unit ({@code "l"}, {@code "m3"}, or {@code null} to leave it out) and month numbering. */
    public FakeUtilityServer teleoFormat(String unit, boolean zeroBasedMonths) {
        this.teleoUnit = unit;
        this.teleoZeroBasedMonths = zeroBasedMonths;
        return this;
    }

    /** A delay added to every data answer (to watch a sync in progress). */
    public FakeUtilityServer latency(long millis) {
        this.latencyMs = millis;
        return this;
    }

    // ---- GRDF

    private void grdfConsumption(RoutingContext ctx, FakeRoute route) {
        count(route);
        if (!authorized(ctx, route)) {
            return;
        }
        String pce = ctx.pathParam("pce");
        LocalDate from;
        LocalDate to;
        try {
            from = LocalDate.parse(ctx.queryParams().get("date_debut"));
            to = LocalDate.parse(ctx.queryParams().get("date_fin"));
        } catch (DateTimeParseException | NullPointerException e) {
            send(ctx, route, 400, "application/json", grdfRefusal(pce, "1002", "Paramètres date_debut et date_fin obligatoires au format AAAA-MM-JJ"));
            return;
        }
        if (denied.contains(pce)) {
            send(ctx, route, 200, "application/x-ndjson", grdfRefusal(pce, "1000", "Absence de droit d'accès pour ce PCE sur la période demandée"));
            return;
        }
        LocalDate start = from.isBefore(firstDay) ? firstDay : from;
        LocalDate end = to.isAfter(today()) ? today() : to;
        if (!start.isBefore(end)) {
            send(ctx, route, 200, "application/x-ndjson", grdfRefusal(pce, "1001", "Aucune donnée disponible sur la période demandée"));
            return;
        }
        StringBuilder body = new StringBuilder();
        List<FakeData.GasDay> days = data.gasDays(pce, start, end);
        if (route == FakeRoute.GRDF_INFORMATIVES) {
            for (FakeData.GasDay d : days) {
                body.append(gasRecord(pce, d.day(), d.day().plusDays(1), d.indexStart(), d.indexEnd(), d.coefficient(),
                        d.energyKWh(), "Provisoire", "Informative Journalier", true).encode()).append('\n');
            }
        } else {
            // Published: one record per calendar month (monthly reading), like a "1M" meter.
            LocalDate s = start;
            while (s.isBefore(end)) {
                LocalDate e = s.plusMonths(1).withDayOfMonth(1);
                if (e.isAfter(end)) {
                    e = end;
                }
                LocalDate ms = s;
                LocalDate me = e;
                List<FakeData.GasDay> month = days.stream().filter(d -> !d.day().isBefore(ms) && d.day().isBefore(me)).toList();
                long energy = month.stream().mapToLong(FakeData.GasDay::energyKWh).sum();
                body.append(gasRecord(pce, s, e, month.get(0).indexStart(), month.get(month.size() - 1).indexEnd(),
                        month.get(0).coefficient(), energy, "Définitive", "Publiée", false).encode()).append('\n');
                s = e;
            }
        }
        send(ctx, route, 200, "application/x-ndjson", body.toString());
    }

    private JsonObject gasRecord(String pce, LocalDate from, LocalDate to, long indexStart, long indexEnd,
                                 java.math.BigDecimal coeff, long energy, String status, String type, boolean daily) {
        String start = gasDayStart(from);
        String end = gasDayStart(to);
        return new JsonObject()
                .put("pce", new JsonObject().put("id_pce", pce))
                .put("periode", new JsonObject().putNull("valeur").put("date_debut", from.toString()).put("date_fin", to.toString()))
                .put("releve_debut", new JsonObject().put("date_releve", start)
                        .put("index_brut_debut", new JsonObject().put("valeur_index", indexStart).put("horodate_Index", start))
                        .put("index_converti_debut", new JsonObject().putNull("valeur_index").putNull("horodate_Index")))
                .put("releve_fin", new JsonObject().put("date_releve", end)
                        .put("index_brut_fin", new JsonObject().put("valeur_index", indexEnd).put("horodate_Index", end))
                        .put("index_converti_fin", new JsonObject().putNull("valeur_index").putNull("horodate_Index")))
                .put("consommation", new JsonObject()
                        .put("date_debut_consommation", start)
                        .put("date_fin_consommation", end)
                        .put("flag_retour_zero", false)
                        .put("volume_brut", indexEnd - indexStart)
                        .put("coeff_calcul", new JsonObject().putNull("coeff_pta").putNull("valeur_pcs").put("coeff_conversion", coeff))
                        .putNull("volume_converti")
                        .put("energie", energy)
                        .put("type_qualif_conso", "Mesuré")
                        .put("sens_flux_gaz", "Consommation")
                        .put("statut_conso", status)
                        .put("journee_gaziere", daily ? from.toString() : null)
                        .put("type_conso", type))
                .putNull("statut_restitution");
    }

    private String gasDayStart(LocalDate day) {
        return day.atTime(6, 0).atZone(data.zone()).toOffsetDateTime().toString().replace("T06:00+", "T06:00:00+");
    }

    private static String grdfRefusal(String pce, String code, String message) {
        return new JsonObject().put("pce", new JsonObject().put("id_pce", pce)).putNull("periode").putNull("consommation")
                .put("statut_restitution", new JsonObject().put("code", code).put("message", message)).encode() + "\n";
    }

    private void grdfContract(RoutingContext ctx) {
        FakeRoute route = FakeRoute.GRDF_CONTRACT;
        count(route);
        if (!authorized(ctx, route)) {
            return;
        }
        String pce = ctx.pathParam("pce");
        if (denied.contains(pce)) {
            send(ctx, route, 403, "application/json", grdfRefusal(pce, "1000", "Absence de droit d'accès pour ce PCE"));
            return;
        }
        send(ctx, route, 200, "application/json", new JsonObject().put("pce", new JsonObject().put("id_pce", pce))
                .put("donnees_contractuelles", new JsonObject().put("car", 14_200).put("cja", 0)
                        .put("profil", new JsonObject().put("profil_type_actuel", "P016")).put("tarif_acheminement", "T2")
                        .put("date_mes", firstDay.toString()))
                .putNull("statut_restitution").encodePrettily());
    }

    private void grdfAccessRights(RoutingContext ctx) {
        FakeRoute route = FakeRoute.GRDF_ACCESS_RIGHTS;
        count(route);
        if (!authorized(ctx, route)) {
            return;
        }
        JsonObject req = ctx.body().asJsonObject();
        JsonArray pces = req == null ? null : req.getJsonArray("id_pce");
        StringBuilder body = new StringBuilder();
        if (pces != null) {
            for (Object p : pces) {
                String pce = p.toString();
                body.append(new JsonObject().put("id_droit_acces", UUID.nameUUIDFromBytes(pce.getBytes(StandardCharsets.UTF_8)).toString())
                        .put("id_pce", pce).put("role_tiers", "AUTORISE_CONTRAT_FOURNITURE").put("raison_sociale_du_tiers", "ECOFOYER")
                        .put("perim_donnees_informatives", "Vrai").put("perim_donnees_contractuelles", "Vrai")
                        .put("perim_donnees_publiees", "Vrai").put("perim_donnees_conso_debut", firstDay.toString())
                        .put("perim_donnees_conso_fin", today().plusYears(3).toString())
                        .put("date_debut_droit_acces", firstDay.toString()).put("date_fin_droit_acces", today().plusYears(3).toString())
                        .put("etat_droit_acces", denied.contains(pce) ? "Révoquée" : "Active").encode()).append('\n');
            }
        }
        body.append(new JsonObject().put("code_statut_traitement", "0000000000")
                .put("message_retour_traitement", "L'opération s'est déroulée avec succès.").encode()).append('\n');
        send(ctx, route, 200, "application/x-ndjson", body.toString());
    }

    // ---- Enedis

    private void enedis(RoutingContext ctx, FakeRoute route, boolean v2026) {
        count(route);
        if (!authorized(ctx, route)) {
            return;
        }
        String prm = ctx.queryParams().get(v2026 ? "pointId" : "usage_point_id");
        LocalDate from;
        LocalDate to;
        try {
            from = LocalDate.parse(ctx.queryParams().get(v2026 ? "dateDebut" : "start"));
            to = LocalDate.parse(ctx.queryParams().get(v2026 ? "dateFin" : "end"));
        } catch (DateTimeParseException | NullPointerException e) {
            send(ctx, route, 400, "application/json", enedisError("ADAM-ERR0123", "Start date parameter must be in the format YYYY-MM-DD"));
            return;
        }
        if (prm == null || !prm.matches("\\d{14}")) {
            send(ctx, route, 400, "application/json", enedisError("ADAM-ERR0123", "usage_point_id parameter must be 14 digits long"));
            return;
        }
        if (!from.isBefore(to)) {
            send(ctx, route, 400, "application/json", enedisError("ADAM-ERR0123", "Start date should be before end date"));
            return;
        }
        if (route == FakeRoute.ENEDIS_LOAD_CURVE && to.toEpochDay() - from.toEpochDay() > 7) {
            send(ctx, route, 400, "application/json", enedisError("ADAM-DC-0015",
                    "The requested period must be less than 7 days for an access to the load curve"));
            return;
        }
        if (denied.contains(prm)) {
            send(ctx, route, 403, "application/json", enedisError("ADAM-DC-0008", "No consent can be found for this customer and this usage point."));
            return;
        }
        LocalDate start = from.isBefore(firstDay) ? firstDay : from;
        LocalDate end = to.isAfter(today()) ? today() : to;
        if (!start.isBefore(end)) {
            send(ctx, route, 404, "application/json", enedisError("no_data_found", "no measure found for this usage point"));
            return;
        }
        JsonArray points = new JsonArray();
        for (LocalDate d = start; d.isBefore(end); d = d.plusDays(1)) {
            switch (route) {
                case ENEDIS_DAILY -> points.add(point(v2026, d.toString(), data.dailyWh(prm, d), null));
                case ENEDIS_MAX_POWER -> {
                    FakeData.CurvePoint p = data.maxPower(prm, d);
                    points.add(point(v2026, DATE_TIME.format(p.localEnd()), p.watts(), null));
                }
                default -> {
                    for (FakeData.CurvePoint p : data.curve(prm, d)) {
                        points.add(point(v2026, DATE_TIME.format(p.localEnd()), p.watts(), "PT30M"));
                    }
                }
            }
        }
        String unit = route == FakeRoute.ENEDIS_DAILY ? "Wh" : route == FakeRoute.ENEDIS_MAX_POWER ? "VA" : "W";
        JsonObject body;
        if (v2026) {
            body = new JsonObject().put("idPrm", prm).put("etapeMetier", "BRUT")
                    .put("periode", new JsonObject().put("dateDebut", from.toString()).put("dateFin", to.toString()))
                    .put("modeCalcul", route == FakeRoute.ENEDIS_DAILY ? "DIFF.INDEX" : "MESURE");
            if (route != FakeRoute.ENEDIS_LOAD_CURVE) {
                body.put("pas", "P1D");
            }
            body.put("grandeur", new JsonArray().add(new JsonObject().put("grandeurMetier", "CONS")
                            .put("grandeurPhysique", route == FakeRoute.ENEDIS_DAILY ? "EA" : route == FakeRoute.ENEDIS_MAX_POWER ? "PMA" : "PA")
                            .put("unite", unit).put("points", points).put("calendrier", new JsonArray())))
                    .put("contexte", new JsonArray());
        } else {
            JsonObject type = new JsonObject().put("unit", unit)
                    .put("measurement_kind", route == FakeRoute.ENEDIS_DAILY ? "energy" : "power")
                    .put("aggregate", route == FakeRoute.ENEDIS_DAILY ? "sum" : route == FakeRoute.ENEDIS_MAX_POWER ? "maximum" : "average");
            if (route != FakeRoute.ENEDIS_LOAD_CURVE) {
                type.put("measuring_period", "P1D");
            }
            body = new JsonObject().put("meter_reading", new JsonObject().put("usage_point_id", prm).put("start", from.toString())
                    .put("end", to.toString()).put("quality", "BRUT").put("reading_type", type).put("interval_reading", points));
        }
        send(ctx, route, 200, "application/json", body.encodePrettily());
    }

    private static JsonObject point(boolean v2026, String date, long value, String step) {
        if (v2026) {
            JsonObject p = new JsonObject().put("v", Long.toString(value)).put("d", date);
            if (step != null) {
                p.put("p", step).put("n", "B").put("iv", "0").put("ec", "0");
            }
            return p;
        }
        JsonObject p = new JsonObject().put("value", Long.toString(value)).put("date", date);
        if (step != null) {
            p.put("interval_length", step).put("measure_type", "B");
        }
        return p;
    }

    private static String enedisError(String code, String description) {
        return new JsonObject().put("error", code).put("error_description", description).encode();
    }

    /**
     * The consent page, as if the household had signed in and ticked "I agree": back to the registered redirect URI
     * with an authorization code, the caller's {@code state} untouched, and the usage point consented for.
     */
    private void enedisConsent(RoutingContext ctx) {
        var q = ctx.queryParams();
        if (!CLIENT_ID.equals(q.get("client_id")) || !"code".equals(q.get("response_type")) || q.get("state") == null
                || consentRedirect == null) {
            ctx.response().setStatusCode(400).putHeader("content-type", "text/plain").end("invalid consent request");
            return;
        }
        String to = consentRedirect + (consentRedirect.contains("?") ? "&" : "?") + "code=fake-consent-code&state="
                + java.net.URLEncoder.encode(q.get("state"), java.nio.charset.StandardCharsets.UTF_8) + "&usage_point_id=" + consentPrm;
        ctx.response().setStatusCode(302).putHeader("location", to).end();
    }

    private void enedisContract(RoutingContext ctx) {
        FakeRoute route = FakeRoute.ENEDIS_CONTRACT;
        count(route);
        if (!authorized(ctx, route)) {
            return;
        }
        String prm = ctx.queryParams().get("usage_point_id");
        if (prm == null || denied.contains(prm)) {
            send(ctx, route, 403, "application/json", enedisError("ADAM-DC-0008", "No consent can be found for this customer and this usage point."));
            return;
        }
        JsonObject up = new JsonObject().put("usage_point", new JsonObject().put("usage_point_id", prm)
                        .put("usage_point_status", "com").put("meter_type", "AMM"))
                .put("contracts", new JsonObject().put("segment", "C5").put("subscribed_power", "9 kVA")
                        .put("last_activation_date", firstDay + "+01:00").put("distribution_tariff", "BTINFCUDT")
                        .put("offpeak_hours", "HC (23H00-7H30)").put("contract_type", "CARD-S").put("contract_status", "SERVC"));
        send(ctx, route, 200, "application/json", new JsonObject().put("customer", new JsonObject().put("customer_id", "1358019319")
                .put("usage_points", new JsonArray().add(up))).encodePrettily());
    }

    // ---- Téléo

    private void teleoAuthorize(RoutingContext ctx) {
        FakeRoute route = FakeRoute.TELEO_AUTHORIZE;
        count(route);
        var form = ctx.request().formAttributes();
        String redirect = form.get("redirect_uri");
        if (!TELEO_CLIENT_ID.equals(form.get("client_id")) || !TELEO_REDIRECT.equals(redirect)
                || !"S256".equals(form.get("code_challenge_method")) || form.get("code_challenge") == null) {
            send(ctx, route, 400, "text/html", "<html><body>Requête invalide</body></html>");
            return;
        }
        if (!TELEO_USER.equals(form.get("username")) || !TELEO_PASSWORD.equals(form.get("password"))) {
            send(ctx, route, 200, "text/html", "<html><body>Identifiant ou mot de passe incorrect</body></html>");
            return;
        }
        String code = UUID.randomUUID().toString();
        codeChallenges.put(code, form.get("code_challenge"));
        String state = form.get("state") == null ? "" : form.get("state");
        if (applyFault(ctx, route, 302, "text/plain", "")) {
            return;
        }
        ctx.response().setStatusCode(302).putHeader("Location", redirect + "?code=" + code + "&state="
                + java.net.URLEncoder.encode(state, StandardCharsets.UTF_8)).end();
    }

    private void teleoToken(RoutingContext ctx) {
        FakeRoute route = FakeRoute.TELEO_TOKEN;
        count(route);
        var form = ctx.request().formAttributes();
        String grant = form.get("grant_type");
        if ("authorization_code".equals(grant)) {
            String challenge = codeChallenges.remove(form.get("code") == null ? "" : form.get("code"));
            String verifier = form.get("code_verifier");
            if (challenge == null || verifier == null || !challenge.equals(s256(verifier))) {
                send(ctx, route, 400, "application/json", new JsonObject().put("error", "invalid_grant").encode());
                return;
            }
        } else if ("refresh_token".equals(grant)) {
            if (!refreshTokens.contains(form.get("refresh_token") == null ? "" : form.get("refresh_token"))) {
                send(ctx, route, 400, "application/json", new JsonObject().put("error", "invalid_grant").encode());
                return;
            }
        } else {
            send(ctx, route, 400, "application/json", new JsonObject().put("error", "unsupported_grant_type").encode());
            return;
        }
        String refresh = UUID.randomUUID().toString();
        refreshTokens.add(refresh);
        send(ctx, route, 200, "application/json", new JsonObject().put("access_token", issue()).put("token_type", "Bearer")
                .put("expires_in", tokenSeconds).put("refresh_token", refresh).encode());
    }

    private void teleoContracts(RoutingContext ctx) {
        FakeRoute route = FakeRoute.TELEO_CONTRACTS;
        count(route);
        if (!authorized(ctx, route)) {
            return;
        }
        send(ctx, route, 200, "application/json", new JsonArray().add(new JsonObject().put("reference", "DEMO-EAU-0001")
                .put("adresse", "1 rue de la Démo, 69000 Lyon")).encode());
    }

    private void teleoDaily(RoutingContext ctx) {
        FakeRoute route = FakeRoute.TELEO_DAILY;
        count(route);
        if (!authorized(ctx, route)) {
            return;
        }
        String contract = ctx.pathParam("id");
        if (denied.contains(contract)) {
            send(ctx, route, 403, "application/json", new JsonObject().put("message", "Contrat inconnu").encode());
            return;
        }
        LocalDate from;
        LocalDate last;
        try {
            from = LocalDate.parse(ctx.queryParams().get("dateDebut"));
            last = LocalDate.parse(ctx.queryParams().get("dateFin"));
        } catch (DateTimeParseException | NullPointerException e) {
            send(ctx, route, 400, "application/json", new JsonObject().put("message", "dates invalides").encode());
            return;
        }
        JsonArray points = new JsonArray();
        for (LocalDate d = from.isBefore(firstDay) ? firstDay : from; !d.isAfter(last) && d.isBefore(today()); d = d.plusDays(1)) {
            long litres = data.waterLitres(contract, d);
            Object value = "m3".equals(teleoUnit) ? new java.math.BigDecimal(litres).movePointLeft(3) : (Object) litres;
            points.add(new JsonObject().put("consommation", value).put("annee", d.getYear())
                    .put("mois", teleoZeroBasedMonths ? d.getMonthValue() - 1 : d.getMonthValue()).put("jour", d.getDayOfMonth()));
        }
        JsonObject body = new JsonObject().put("postes", new JsonArray().add(new JsonObject().put("data", points)));
        if (teleoUnit != null) {
            body.put("unites", new JsonObject().put("consommation", teleoUnit));
        }
        send(ctx, route, 200, "application/json", body.encode());
    }

    // ---- common

    private void clientCredentials(RoutingContext ctx, FakeRoute route, boolean grdf) {
        count(route);
        var form = ctx.request().formAttributes();
        String id = form.get("client_id");
        String secret = form.get("client_secret");
        String basic = ctx.request().getHeader("Authorization");
        if (basic != null && basic.startsWith("Basic ")) {
            String[] pair = new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8).split(":", 2);
            id = pair[0];
            secret = pair.length > 1 ? pair[1] : null;
        }
        if (!"client_credentials".equals(form.get("grant_type"))) {
            send(ctx, route, 400, "application/json", new JsonObject().put("error", "unsupported_grant_type").encode());
            return;
        }
        if (!CLIENT_ID.equals(id) || !CLIENT_SECRET.equals(secret)) {
            send(ctx, route, 401, "application/json", new JsonObject().put("error", "invalid_client")
                    .put("error_description", "Client authentication failed").encode());
            return;
        }
        JsonObject body = new JsonObject().put("access_token", issue()).put("token_type", "Bearer");
        if (grdf) {
            body.put("scope", "/adict/v2").put("expires_in", tokenSeconds);
        } else {
            body.put("expires_in", Long.toString(tokenSeconds)).put("scope", "");
        }
        send(ctx, route, 200, "application/json", body.encode());
    }

    private String issue() {
        String t = UUID.randomUUID().toString().replace("-", "");
        tokens.put(t, clock.instant().plusSeconds(tokenSeconds));
        return t;
    }

    private boolean authorized(RoutingContext ctx, FakeRoute route) {
        String h = ctx.request().getHeader("Authorization");
        Instant exp = h != null && h.startsWith("Bearer ") ? tokens.get(h.substring(7)) : null;
        if (exp == null || !clock.instant().isBefore(exp)) {
            send(ctx, route, 401, "application/json", new JsonObject().put("error", "invalid_token").encode());
            return false;
        }
        return true;
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(data.zone()));
    }

    private void count(FakeRoute route) {
        counts.get(route).incrementAndGet();
    }

    private void send(RoutingContext ctx, FakeRoute route, int status, String contentType, String body) {
        if (applyFault(ctx, route, status, contentType, body)) {
            return;
        }
        if (latencyMs > 0 && status == 200) {
            vertx.setTimer(latencyMs, id -> write(ctx.response(), status, contentType, body));
        } else {
            write(ctx.response(), status, contentType, body);
        }
    }

    /** Applies the route's next scripted fault, if any; true when the answer was taken over. */
    private boolean applyFault(RoutingContext ctx, FakeRoute route, int status, String contentType, String body) {
        Fault f;
        synchronized (faults) {
            f = faults.get(route).poll();
        }
        if (f == null) {
            return false;
        }
        HttpServerResponse r = ctx.response();
        switch (f.type()) {
            case UNAUTHORIZED -> write(r, 401, "application/json", new JsonObject().put("error", "invalid_token").encode());
            case TOO_MANY_REQUESTS -> {
                r.putHeader("Retry-After", Long.toString(f.seconds()));
                write(r, 429, "application/json", new JsonObject().put("error", "too_many_requests")
                        .put("error_description", "Quota exceeded").encode());
            }
            case SERVER_ERROR -> write(r, 500, "text/html", "<html><body>Internal Server Error</body></html>");
            case UNAVAILABLE -> write(r, 503, "text/html", "<html><body>Service Unavailable</body></html>");
            case MALFORMED -> {
                String broken;
                if (contentType.contains("ndjson")) {
                    int nl = body.indexOf('\n');
                    broken = nl < 0 ? "{\"pce\": {\"id_pce\": \n" + body
                            : body.substring(0, nl + 1) + "{\"pce\": {\"id_pce\": \"broken\"}, \"consommation\": {\"date_debut\n"
                            + body.substring(nl + 1);
                } else {
                    broken = body.substring(0, body.length() / 2);
                }
                write(r, status, contentType, broken);
            }
            case TRUNCATED -> {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                r.setStatusCode(status).putHeader("Content-Type", contentType)
                        .putHeader("Content-Length", Integer.toString(bytes.length));
                r.write(Buffer.buffer(java.util.Arrays.copyOf(bytes, bytes.length / 2)))
                        .onComplete(ar -> ctx.request().connection().close());
            }
            case SLOW -> vertx.setTimer(Math.max(1, f.delay().toMillis()), id -> write(r, status, contentType, body));
            case BODY -> write(r, f.status(), f.contentType(), f.body());
        }
        return true;
    }

    private static void write(HttpServerResponse r, int status, String contentType, String body) {
        if (r.closed() || r.ended()) {
            return;
        }
        r.setStatusCode(status).putHeader("Content-Type", contentType + "; charset=utf-8").end(body);
    }

    static String s256(String verifier) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
