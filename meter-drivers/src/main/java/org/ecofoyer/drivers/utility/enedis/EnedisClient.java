package org.ecofoyer.drivers.utility.enedis;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.ecofoyer.drivers.Reading;
import org.ecofoyer.drivers.utility.ApiLimits;
import org.ecofoyer.drivers.utility.ClientCredentialsTokens;
import org.ecofoyer.drivers.utility.DateWindows;
import org.ecofoyer.drivers.utility.Fetched;
import org.ecofoyer.drivers.utility.MeterRef;
import org.ecofoyer.drivers.utility.RetryPolicy;
import org.ecofoyer.drivers.utility.Secret;
import org.ecofoyer.drivers.utility.Utility;
import org.ecofoyer.drivers.utility.UtilityException;
import org.ecofoyer.drivers.utility.UtilityHttp;
import org.ecofoyer.drivers.utility.UtilitySource;

/**
 * Enedis Data Connect, v5 or the 2026 API ({@link Settings#api()}): daily energy, load curve (at most 7 days a call,
 * split here), daily maximum power and the contract (subscribed power, off-peak hours). OAuth2 client-credentials
 * token; quotas of 5 calls/s and 10,000 calls/h respected, 429 honoured.
 */
public final class EnedisClient implements UtilitySource {
    /** 5 calls/s, 10,000/h; the load curve takes at most 7 days a call and keeps 24 months, daily data 36 months. */
    public static final ApiLimits LIMITS = new ApiLimits(Duration.ofMillis(200), 10_000, 7, 3 * 365);
    public static final int LOAD_CURVE_MAX_DAYS = 7;
    public static final int LOAD_CURVE_HISTORY_DAYS = 2 * 365;
    public static final String API_URL = "https://gw.ext.prod.api.enedis.fr";
    public static final String TOKEN_URL = "https://gw.ext.prod.api.enedis.fr/oauth2/v3/token";
    static final String HOW_TO_CONSENT = "through Ecofoyer's 'connect my Linky' link to Enedis' consent page";

    /**
     * @param apiUrl       gateway base, e.g. {@value #API_URL}
     * @param tokenUrl     OAuth2 token endpoint
     * @param clientId     the operator's Data Connect application id
     * @param clientSecret its secret
     * @param api          v5 or the 2026 API
     * @param loadCurve    whether {@link #fetch} also takes the 30-minute load curve
     * @param limits       pacing and window sizes ({@link #LIMITS} in production)
     */
    public record Settings(String apiUrl, String tokenUrl, String clientId, Secret clientSecret, EnedisApi api,
                           boolean loadCurve, ApiLimits limits) {
        public Settings {
            Objects.requireNonNull(apiUrl, "apiUrl");
            Objects.requireNonNull(tokenUrl, "tokenUrl");
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(clientSecret, "clientSecret");
            api = api == null ? EnedisApi.V5 : api;
            limits = limits == null ? LIMITS : limits;
        }
    }

    /** The contract of a usage point: subscribed power and the off-peak windows that feed the tariff calendar. */
    public record Contract(String prm, Integer subscribedKva, String offPeakHours, List<EnedisParser.OffPeak> offPeak,
                           String distributionTariff) {
    }

    private final WebClient client;
    private final Settings settings;
    private final UtilityHttp http;
    private final ClientCredentialsTokens tokens;

    public EnedisClient(Vertx vertx, WebClient client, Settings settings, RetryPolicy policy, Clock clock) {
        this.client = client;
        this.settings = settings;
        this.http = new UtilityHttp(vertx, Utility.ENEDIS, settings.limits(), policy, clock);
        this.tokens = new ClientCredentialsTokens(client, http, settings.tokenUrl(), settings.clientId(),
                settings.clientSecret(), null, Duration.ofMinutes(5));
    }

    @Override
    public Utility utility() {
        return Utility.ENEDIS;
    }

    @Override
    public ApiLimits limits() {
        return settings.limits();
    }

    public int tokensIssued() {
        return tokens.issued();
    }

    /**
     * Daily energy and maximum power of {@code [from, to)}, and its load curve when enabled and still within the
     * 24 months Enedis keeps it.
     */
    @Override
    public Future<Fetched> fetch(MeterRef meter, LocalDate from, LocalDate to) {
        List<Reading> all = new ArrayList<>();
        LocalDate curveLimit = LocalDate.now(http.clock().withZone(meter.zone())).minusDays(LOAD_CURVE_HISTORY_DAYS);
        Future<Void> f = daily(meter, from, to).map(r -> {
            all.addAll(r);
            return null;
        }).compose(v -> maxPower(meter, from, to)).map(r -> {
            all.addAll(r);
            return null;
        });
        if (settings.loadCurve() && to.isAfter(curveLimit)) {
            LocalDate curveFrom = from.isBefore(curveLimit) ? curveLimit : from;
            f = f.compose(v -> loadCurve(meter, curveFrom, to)).map(r -> {
                all.addAll(r);
                return null;
            });
        }
        return f.map(v -> new Fetched(all, 0));
    }

    /** {@code energy.daily} readings for the local days {@code [from, to)}. */
    public Future<List<Reading>> daily(MeterRef meter, LocalDate from, LocalDate to) {
        return series(settings.api().dailyPath, meter, from, to, EnedisParser::daily);
    }

    /** {@code power.max.daily} readings for the local days {@code [from, to)}. */
    public Future<List<Reading>> maxPower(MeterRef meter, LocalDate from, LocalDate to) {
        return series(settings.api().maxPowerPath, meter, from, to, EnedisParser::maxPower);
    }

    /** {@code energy.interval.<step>} readings for {@code [from, to)}, in calls of at most 7 days. */
    public Future<List<Reading>> loadCurve(MeterRef meter, LocalDate from, LocalDate to) {
        List<Reading> all = new ArrayList<>();
        Future<Void> chain = Future.succeededFuture();
        for (DateWindows.Window w : DateWindows.split(from, to, LOAD_CURVE_MAX_DAYS)) {
            chain = chain.compose(v -> series(settings.api().loadCurvePath, meter, w.from(), w.to(), EnedisParser::loadCurve)
                    .map(r -> {
                        all.addAll(r);
                        return null;
                    }));
        }
        return chain.map(v -> all);
    }

    private Future<List<Reading>> series(String path, MeterRef meter, LocalDate from, LocalDate to,
                                         Converter converter) {
        String what = path.substring(path.lastIndexOf('/') + 1) + " of PRM " + meter.externalId() + " from " + from + " to " + to;
        EnedisApi api = settings.api();
        return http.call(what, tokens, token -> client.getAbs(settings.apiUrl() + path)
                .addQueryParam(api.pointParam, meter.externalId())
                .addQueryParam(api.startParam, from.toString())
                .addQueryParam(api.endParam, to.toString())
                .bearerTokenAuthentication(token)
                .putHeader("Accept", "application/json")
                .timeout(http.policy().requestTimeout().toMillis())
                .send()
                .map(r -> {
                    String body = check(r, what, meter.externalId(), from + "/" + to);
                    try {
                        return converter.apply(meter.code(), EnedisParser.series(body), meter.zone());
                    } catch (IllegalArgumentException | ArithmeticException e) {
                        throw UtilityException.badResponse(Utility.ENEDIS, what + ": " + e.getMessage());
                    }
                }));
    }

    /** The usage point's contract ({@code customers_upc/v5/usage_points/contracts}, also used with the 2026 API). */
    public Future<Contract> contract(String prm) {
        String what = "contract of PRM " + prm;
        return http.call(what, tokens, token -> client.getAbs(settings.apiUrl() + "/customers_upc/v5/usage_points/contracts")
                .addQueryParam("usage_point_id", prm)
                .bearerTokenAuthentication(token)
                .putHeader("Accept", "application/json")
                .timeout(http.policy().requestTimeout().toMillis())
                .send()
                .map(r -> {
                    String body = check(r, what, prm, "");
                    try {
                        return contract(prm, new JsonObject(body));
                    } catch (DecodeException | ClassCastException | IllegalArgumentException e) {
                        throw UtilityException.badResponse(Utility.ENEDIS, what + ": " + e.getMessage());
                    }
                }));
    }

    static Contract contract(String prm, JsonObject body) {
        JsonObject customer = body.getJsonObject("customer");
        JsonArray ups = customer == null ? null : customer.getJsonArray("usage_points");
        if (ups == null || ups.isEmpty()) {
            throw new IllegalArgumentException("no customer.usage_points");
        }
        JsonObject up = ups.getJsonObject(0);
        JsonObject c = up.getJsonObject("contracts");
        if (c == null) {
            throw new IllegalArgumentException("no contracts");
        }
        String power = c.getString("subscribed_power");
        Integer kva = null;
        if (power != null) {
            String digits = power.replaceAll("[^0-9]", "");
            kva = digits.isEmpty() ? null : Integer.parseInt(digits);
        }
        String offPeak = c.getString("offpeak_hours");
        return new Contract(prm, kva, offPeak, EnedisParser.offPeak(offPeak), c.getString("distribution_tariff"));
    }

    /** The body of a 2xx answer; a typed error for anything else. */
    private String check(HttpResponse<Buffer> r, String what, String prm, String period) {
        http.checkCommon(r, what);
        String body = r.bodyAsString() == null ? "" : r.bodyAsString();
        int s = r.statusCode();
        if (s >= 200 && s < 300) {
            return body;
        }
        String code = "";
        String description = "";
        try {
            JsonObject e = new JsonObject(body);
            code = String.valueOf(e.getValue("error", e.getValue("code", "")));
            description = String.valueOf(e.getValue("error_description", e.getValue("description", e.getValue("message", ""))));
        } catch (DecodeException | ClassCastException notJson) {
            // the status alone
        }
        String d = description.toLowerCase(Locale.ROOT);
        if (s == 403 && (code.equals("900908") || d.contains("subscription"))) {
            throw UtilityException.credentialsRejected(Utility.ENEDIS, "the operator's application is not subscribed to this"
                    + " API (" + code + "); subscribe to it on Enedis' developer portal, or set utility.enedis.api to the"
                    + " API it is subscribed to");
        }
        if (s == 403) {
            if (d.contains("expir") || d.contains("revok") || d.contains("revoq")) {
                return fail(UtilityException.consentExpired(Utility.ENEDIS, prm, HOW_TO_CONSENT));
            }
            return fail(UtilityException.consentMissing(Utility.ENEDIS, prm, HOW_TO_CONSENT));
        }
        if (s == 404 || d.contains("history deadline") || d.contains("anterior to the meter's last activation")) {
            return fail(UtilityException.noData(Utility.ENEDIS, prm, period));
        }
        return fail(UtilityException.badRequest(Utility.ENEDIS, what + ": HTTP " + s + " " + code + " " + description));
    }

    private static String fail(UtilityException e) {
        throw e;
    }

    @FunctionalInterface
    private interface Converter {
        List<Reading> apply(String meter, EnedisParser.Series series, ZoneId zone);
    }

}
