package org.ecofoyer.drivers.utility.grdf;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.codec.BodyCodec;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import org.ecofoyer.drivers.Reading;
import org.ecofoyer.drivers.utility.ApiLimits;
import org.ecofoyer.drivers.utility.ClientCredentialsTokens;
import org.ecofoyer.drivers.utility.Fetched;
import org.ecofoyer.drivers.utility.MeterRef;
import org.ecofoyer.drivers.utility.NdjsonSink;
import org.ecofoyer.drivers.utility.RetryPolicy;
import org.ecofoyer.drivers.utility.Secret;
import org.ecofoyer.drivers.utility.Utility;
import org.ecofoyer.drivers.utility.UtilityException;
import org.ecofoyer.drivers.utility.UtilityHttp;
import org.ecofoyer.drivers.utility.UtilitySource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GRDF ADICT v2 (Gazpar): OAuth2 client-credentials token (scope {@code /adict/v2}), access rights, informative
 * (daily) and published consumption as NDJSON streamed line by line, contract data. Calls are at least
 * {@link Settings#limits()}{@code .minInterval()} apart (GRDF asks for 1 s).
 */
public final class GrdfClient implements UtilitySource {
    private static final Logger LOG = LoggerFactory.getLogger(GrdfClient.class);

    /** ADICT keeps 3 years of informative data; one call may span a year; 1 s between calls. */
    public static final ApiLimits LIMITS = new ApiLimits(Duration.ofSeconds(1), 0, 365, 3 * 365);
    public static final String API_URL = "https://api.grdf.fr/adict/v2";
    public static final String TOKEN_URL = "https://sofit-sso-oidc.grdf.fr/openam/oauth2/realms/externeGrdf/access_token";
    static final String HOW_TO_CONSENT = "on GRDF's consent page, reached from Ecofoyer's 'connect gas meter' link";

    /**
     * @param apiUrl       base of the ADICT API, e.g. {@value #API_URL}
     * @param tokenUrl     the OAuth2 token endpoint
     * @param clientId     the operator's ADICT client id
     * @param clientSecret its secret
     * @param limits       pacing and window sizes ({@link #LIMITS} in production)
     */
    public record Settings(String apiUrl, String tokenUrl, String clientId, Secret clientSecret, ApiLimits limits) {
        public Settings {
            Objects.requireNonNull(apiUrl, "apiUrl");
            Objects.requireNonNull(tokenUrl, "tokenUrl");
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(clientSecret, "clientSecret");
            limits = limits == null ? LIMITS : limits;
        }
    }

    /** GRDF's contract data for a PCE ({@code donnees_contractuelles}). */
    public record GasContract(String pce, Long annualReferenceKWh, String tariff, String profile, LocalDate commissioned) {
    }

    private final WebClient client;
    private final Settings settings;
    private final UtilityHttp http;
    private final ClientCredentialsTokens tokens;

    public GrdfClient(Vertx vertx, WebClient client, Settings settings, RetryPolicy policy, Clock clock) {
        this.client = client;
        this.settings = settings;
        this.http = new UtilityHttp(vertx, Utility.GRDF, settings.limits(), policy, clock);
        this.tokens = new ClientCredentialsTokens(client, http, settings.tokenUrl(), settings.clientId(),
                settings.clientSecret(), "/adict/v2", Duration.ofMinutes(5));
    }

    @Override
    public Utility utility() {
        return Utility.GRDF;
    }

    @Override
    public ApiLimits limits() {
        return settings.limits();
    }

    /** How many access tokens were obtained so far. */
    public int tokensIssued() {
        return tokens.issued();
    }

    /** Daily informative consumption of gas days {@code [from, to)} as readings. */
    @Override
    public Future<Fetched> fetch(MeterRef meter, LocalDate from, LocalDate to) {
        return informatives(meter.externalId(), from, to).map(result -> {
            List<Reading> readings = new ArrayList<>();
            int skipped = result.skipped();
            for (GasConsumption g : result.records()) {
                if (g.gasDay() != null && (g.gasDay().isBefore(from) || !g.gasDay().isBefore(to))) {
                    continue;
                }
                try {
                    readings.addAll(GrdfParser.readings(meter.code(), g, meter.zone()));
                } catch (IllegalArgumentException e) {
                    skipped++;
                    LOG.warn("GRDF: skipped a record of PCE {} for {}: {}", meter.externalId(), g.gasDay(), e.getMessage());
                }
            }
            return new Fetched(readings, skipped);
        });
    }

    /** Records of a consumption call, and how many lines could not be read. */
    public record Consumptions(List<GasConsumption> records, int skipped) {
    }

    /** {@code GET /pce/{pce}/donnees_consos_informatives}: the daily, provisional consumption. */
    public Future<Consumptions> informatives(String pce, LocalDate from, LocalDate to) {
        return consumptions("donnees_consos_informatives", pce, from, to);
    }

    /** {@code GET /pce/{pce}/donnees_consos_publiees}: the consumption published for billing (often monthly). */
    public Future<Consumptions> published(String pce, LocalDate from, LocalDate to) {
        return consumptions("donnees_consos_publiees", pce, from, to);
    }

    private Future<Consumptions> consumptions(String resource, String pce, LocalDate from, LocalDate to) {
        String what = resource + " of PCE " + pce + " from " + from + " to " + to;
        return http.call(what, tokens, token -> {
            List<GasConsumption> records = new ArrayList<>();
            int[] skipped = {0};
            List<GrdfParser.Refusal> refusals = new ArrayList<>();
            NdjsonSink sink = new NdjsonSink(lines(what, refusals, skipped, rec -> records.add(GrdfParser.consumption(rec))));
            return client.getAbs(settings.apiUrl() + "/pce/" + pce + "/" + resource)
                    .addQueryParam("date_debut", from.toString())
                    .addQueryParam("date_fin", to.toString())
                    .bearerTokenAuthentication(token)
                    .putHeader("Accept", "application/x-ndjson")
                    .timeout(http.policy().requestTimeout().toMillis())
                    .as(BodyCodec.pipe(sink))
                    .send()
                    .map(r -> {
                        checkAnswer(r, sink, what, pce, from, to);
                        if (records.isEmpty() && !refusals.isEmpty()) {
                            throw refusal(refusals.get(0), pce, from + "/" + to);
                        }
                        return new Consumptions(records, skipped[0] + (sink.lineTooLong() ? 1 : 0));
                    });
        });
    }

    /** {@code POST /droits_acces}: the access rights the households granted for these PCEs (all when empty). */
    public Future<List<AccessRight>> accessRights(List<String> pces) {
        String what = "droits_acces";
        JsonObject body = new JsonObject().put("id_pce", new JsonArray(new ArrayList<>(pces)))
                .put("etat_droit_acces", new JsonArray(List.of("Active", "A valider", "Révoquée", "A revérifier",
                        "Obsolète", "Refusée")));
        return http.call(what, tokens, token -> {
            List<AccessRight> rights = new ArrayList<>();
            int[] skipped = {0};
            List<GrdfParser.Refusal> refusals = new ArrayList<>();
            NdjsonSink sink = new NdjsonSink(lines(what, refusals, skipped, rec -> rights.add(GrdfParser.accessRight(rec))));
            return client.postAbs(settings.apiUrl() + "/droits_acces")
                    .bearerTokenAuthentication(token)
                    .putHeader("Accept", "application/x-ndjson")
                    .timeout(http.policy().requestTimeout().toMillis())
                    .as(BodyCodec.pipe(sink))
                    .sendJsonObject(body)
                    .map(r -> {
                        checkAnswer(r, sink, what, String.join(",", pces), null, null);
                        if (rights.isEmpty() && !refusals.isEmpty()) {
                            throw refusal(refusals.get(0), String.join(",", pces), "");
                        }
                        return rights;
                    });
        });
    }

    /** {@code GET /pce/{pce}/donnees_contractuelles}. */
    public Future<GasContract> contract(String pce) {
        String what = "donnees_contractuelles of PCE " + pce;
        return http.call(what, tokens, token -> client.getAbs(settings.apiUrl() + "/pce/" + pce + "/donnees_contractuelles")
                .bearerTokenAuthentication(token)
                .timeout(http.policy().requestTimeout().toMillis())
                .send()
                .map(r -> {
                    String text = r.bodyAsString() == null ? "" : r.bodyAsString();
                    http.checkCommon(r, what);
                    mapStatus(r.statusCode(), text, pce, "");
                    JsonObject o = json(text);
                    if (o.getValue("statut_restitution") != null) {
                        throw refusal((GrdfParser.Refusal) GrdfParser.line(o.encode()), pce, "");
                    }
                    JsonObject d = o.getJsonObject("donnees_contractuelles");
                    if (d == null) {
                        throw UtilityException.badResponse(Utility.GRDF, what + " has no 'donnees_contractuelles'");
                    }
                    JsonObject profil = d.getJsonObject("profil");
                    Number car = d.getNumber("car");
                    String mes = d.getString("date_mes");
                    return new GasContract(pce, car == null ? null : car.longValue(), d.getString("tarif_acheminement"),
                            profil == null ? null : profil.getString("profil_type_actuel"),
                            mes == null ? null : LocalDate.parse(mes.substring(0, 10)));
                }));
    }

    private Consumer<String> lines(String what, List<GrdfParser.Refusal> refusals, int[] skipped,
                                   Consumer<JsonObject> records) {
        int[] n = {0};
        return line -> {
            n[0]++;
            try {
                GrdfParser.Line l = GrdfParser.line(line);
                if (l instanceof GrdfParser.Record rec) {
                    records.accept(rec.json());
                } else if (l instanceof GrdfParser.Refusal ref) {
                    refusals.add(ref);
                } else if (l instanceof GrdfParser.Status st && !st.ok()) {
                    LOG.warn("GRDF: {} ended with status {} ({})", what, st.code(), st.message());
                }
            } catch (IllegalArgumentException | ClassCastException | java.time.DateTimeException e) {
                skipped[0]++;
                LOG.warn("GRDF: skipped line {} of {}: {}", n[0], what, e.getMessage());
            }
        };
    }

    private void checkAnswer(HttpResponse<Void> r, NdjsonSink sink, String what, String pce, LocalDate from, LocalDate to) {
        http.checkCommon(r, what);
        mapStatus(r.statusCode(), sink.head(), pce, from == null ? "" : from + "/" + to);
    }

    private void mapStatus(int status, String body, String pce, String period) {
        if (status >= 200 && status < 300) {
            return;
        }
        String detail = body == null ? "" : body.trim();
        GrdfParser.Refusal ref = null;
        try {
            String first = detail.lines().findFirst().orElse("");
            if (GrdfParser.line(first) instanceof GrdfParser.Refusal r) {
                ref = r;
            }
        } catch (IllegalArgumentException notJson) {
            // keep the status alone
        }
        if (ref != null && status != 403) {
            throw refusal(ref, pce, period);
        }
        switch (status) {
            case 403 -> throw UtilityException.consentMissing(Utility.GRDF, pce, HOW_TO_CONSENT);
            case 404 -> throw UtilityException.noData(Utility.GRDF, pce, period);
            default -> throw UtilityException.badRequest(Utility.GRDF, "HTTP " + status + " for PCE " + pce
                    + (ref == null ? "" : ": " + ref.message()));
        }
    }

    /** Maps a {@code statut_restitution} to what must be done, from its code and wording. */
    static UtilityException refusal(GrdfParser.Refusal r, String pce, String period) {
        String m = (r.message() == null ? "" : r.message()).toLowerCase(Locale.ROOT);
        String msg = r.message() == null ? "" : r.message();
        if (m.contains("révoqu") || m.contains("revoqu") || m.contains("expir") || m.contains("obsolète")) {
            return UtilityException.consentExpired(Utility.GRDF, pce, HOW_TO_CONSENT);
        }
        if (m.contains("droit") || m.contains("habilit") || m.contains("autoris")) {
            return UtilityException.consentMissing(Utility.GRDF, pce, HOW_TO_CONSENT);
        }
        if (m.contains("aucune donn") || m.contains("pas de donn") || m.contains("indisponible") || m.contains("no data")) {
            return UtilityException.noData(Utility.GRDF, pce, period);
        }
        return UtilityException.badRequest(Utility.GRDF, "PCE " + pce + ": " + msg + (r.code() == null ? "" : " (code " + r.code() + ")"));
    }

    private static JsonObject json(String text) {
        try {
            return new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            throw UtilityException.badResponse(Utility.GRDF, "an answer that is not JSON");
        }
    }

}
