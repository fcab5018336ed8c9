package org.ecofoyer.drivers.utility.teleo;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.ecofoyer.drivers.utility.ApiLimits;
import org.ecofoyer.drivers.utility.ClientCredentialsTokens;
import org.ecofoyer.drivers.utility.Fetched;
import org.ecofoyer.drivers.utility.MeterRef;
import org.ecofoyer.drivers.utility.RetryPolicy;
import org.ecofoyer.drivers.utility.Secret;
import org.ecofoyer.drivers.utility.TokenSource;
import org.ecofoyer.drivers.utility.Utility;
import org.ecofoyer.drivers.utility.UtilityException;
import org.ecofoyer.drivers.utility.UtilityHttp;
import org.ecofoyer.drivers.utility.UtilitySource;

/**
 * Eau du Grand Lyon's customer portal (Téléo water meters). There is no third-party API: the household's own portal
 * login is used, through the portal's OAuth2 authorization-code flow with PKCE (S256): the login form is posted to
 * the authorize endpoint, the code comes back in the redirect, and is exchanged with the verifier for an access
 * token and a refresh token; the refresh token renews the access token, and a new login follows if it is refused.
 */
public final class TeleoClient implements UtilitySource {
    /** Windows of 28 days keep the month-numbering detection unambiguous (see {@link TeleoParser}); 3 years kept. */
    public static final ApiLimits LIMITS = new ApiLimits(Duration.ofMillis(500), 0, 28, 3 * 365);
    public static final String PORTAL_URL = "https://agence.eaudugrandlyon.com";
    static final String HOW_TO_FIX = "check utility.teleo.username and the password file (the household's portal login)";

    /**
     * @param authUrl     base of the portal's OAuth2 endpoints ({@code /oauth/authorize}, {@code /oauth/token})
     * @param apiUrl      base of the portal's REST API ({@code /rest/produits/contrats...})
     * @param clientId    the portal's public client id
     * @param redirectUri the redirect URI registered for that client
     * @param username    the household's portal login (an e-mail address)
     * @param password    its password
     */
    public record Settings(String authUrl, String apiUrl, String clientId, String redirectUri, String username,
                           Secret password, ApiLimits limits) {
        public Settings {
            Objects.requireNonNull(authUrl, "authUrl");
            Objects.requireNonNull(apiUrl, "apiUrl");
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(redirectUri, "redirectUri");
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
            limits = limits == null ? LIMITS : limits;
        }
    }

    /** One water contract of the household. */
    public record Contract(String id, String address) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final WebClient client;
    private final Settings settings;
    private final UtilityHttp http;
    private final Tokens tokens = new Tokens();

    public TeleoClient(Vertx vertx, WebClient client, Settings settings, RetryPolicy policy, Clock clock) {
        this.client = client;
        this.settings = settings;
        this.http = new UtilityHttp(vertx, Utility.TELEO, settings.limits(), policy, clock);
    }

    @Override
    public Utility utility() {
        return Utility.TELEO;
    }

    @Override
    public ApiLimits limits() {
        return settings.limits();
    }

    /** How many logins (authorization-code exchanges) happened so far. */
    public int logins() {
        return tokens.logins;
    }

    @Override
    public Future<Fetched> fetch(MeterRef meter, LocalDate from, LocalDate to) {
        String what = "daily consumption of contract " + meter.externalId() + " from " + from + " to " + to;
        return http.call(what, tokens, token -> client.getAbs(settings.apiUrl() + "/rest/produits/contrats/"
                        + meter.externalId() + "/consommationsJournalieres")
                .addQueryParam("dateDebut", from.toString())
                .addQueryParam("dateFin", to.minusDays(1).toString())
                .bearerTokenAuthentication(token)
                .putHeader("Accept", "application/json")
                .timeout(http.policy().requestTimeout().toMillis())
                .send()
                .map(r -> {
                    String body = check(r, what, meter.externalId());
                    try {
                        TeleoParser.Parsed p = TeleoParser.daily(meter.code(), body, from, to, meter.zone());
                        return new Fetched(p.readings(), p.skipped());
                    } catch (IllegalArgumentException | ClassCastException | ArithmeticException e) {
                        throw UtilityException.badResponse(Utility.TELEO, what + ": " + e.getMessage());
                    }
                }));
    }

    /** The household's contracts ({@code GET /rest/produits/contrats}): an array, or an object with {@code contrats}. */
    public Future<List<Contract>> contracts() {
        String what = "contracts";
        return http.call(what, tokens, token -> client.getAbs(settings.apiUrl() + "/rest/produits/contrats")
                .bearerTokenAuthentication(token)
                .putHeader("Accept", "application/json")
                .timeout(http.policy().requestTimeout().toMillis())
                .send()
                .map(r -> {
                    String body = check(r, what, "");
                    try {
                        Object v = io.vertx.core.json.Json.decodeValue(body);
                        JsonArray arr = v instanceof JsonArray a ? a
                                : v instanceof JsonObject o ? o.getJsonArray("contrats") : null;
                        if (arr == null) {
                            throw new IllegalArgumentException("neither an array nor an object with 'contrats'");
                        }
                        List<Contract> out = new ArrayList<>();
                        for (int i = 0; i < arr.size(); i++) {
                            JsonObject c = arr.getJsonObject(i);
                            String id = c.getString("reference", c.getString("id"));
                            if (id == null) {
                                throw new IllegalArgumentException("a contract without 'reference'");
                            }
                            out.add(new Contract(id, c.getString("adresse")));
                        }
                        return out;
                    } catch (DecodeException | ClassCastException | IllegalArgumentException e) {
                        throw UtilityException.badResponse(Utility.TELEO, what + ": " + e.getMessage());
                    }
                }));
    }

    private String check(HttpResponse<Buffer> r, String what, String contract) {
        http.checkCommon(r, what);
        int s = r.statusCode();
        String body = r.bodyAsString() == null ? "" : r.bodyAsString();
        if (s >= 200 && s < 300) {
            return body;
        }
        if (s == 403) {
            throw UtilityException.consentMissing(Utility.TELEO, contract,
                    "the portal account does not hold this contract: check the meter's external id against 'ecofoyer"
                            + " utility contracts'");
        }
        if (s == 404) {
            throw UtilityException.noData(Utility.TELEO, contract, what);
        }
        throw UtilityException.badRequest(Utility.TELEO, what + ": HTTP " + s);
    }

    /** Access token from a PKCE login, renewed with the refresh token, and by a new login when that fails. */
    private final class Tokens implements TokenSource {
        private String access;
        private Secret refresh;
        private Instant expiresAt = Instant.MIN;
        private Future<String> inFlight;
        private volatile int logins;

        @Override
        public synchronized Future<String> token() {
            if (access != null && http.clock().instant().isBefore(expiresAt.minusSeconds(60))) {
                return Future.succeededFuture(access);
            }
            if (inFlight == null) {
                Future<String> f = refresh != null
                        ? http.call("token refresh", null, t -> refreshGrant()).recover(e -> login())
                        : login();
                inFlight = f.andThen(ar -> {
                    synchronized (Tokens.this) {
                        inFlight = null;
                    }
                });
            }
            return inFlight;
        }

        @Override
        public synchronized void invalidate(String token) {
            if (token != null && token.equals(access)) {
                access = null;
            }
        }

        private Future<String> login() {
            String verifier = randomUrlSafe(48);
            String state = randomUrlSafe(16);
            MultiMap form = MultiMap.caseInsensitiveMultiMap()
                    .add("response_type", "code")
                    .add("client_id", settings.clientId())
                    .add("redirect_uri", settings.redirectUri())
                    .add("code_challenge", challenge(verifier))
                    .add("code_challenge_method", "S256")
                    .add("state", state)
                    .add("username", settings.username())
                    .add("password", settings.password().reveal());
            // One attempt is the whole login: a code is single-use, so a failed exchange starts again from the form.
            return http.call("portal login", null, t -> client.postAbs(settings.authUrl() + "/oauth/authorize")
                            .followRedirects(false)
                            .timeout(http.policy().requestTimeout().toMillis())
                            .sendForm(form)
                            .map(r -> code(r, state))
                            .compose(code -> client.postAbs(settings.authUrl() + "/oauth/token")
                                    .timeout(http.policy().requestTimeout().toMillis())
                                    .sendForm(MultiMap.caseInsensitiveMultiMap()
                                            .add("grant_type", "authorization_code")
                                            .add("code", code)
                                            .add("redirect_uri", settings.redirectUri())
                                            .add("client_id", settings.clientId())
                                            .add("code_verifier", verifier)))
                            .map(this::accept))
                    .andThen(ar -> {
                        if (ar.succeeded()) {
                            logins++;
                        }
                    });
        }

        private Future<String> refreshGrant() {
            return client.postAbs(settings.authUrl() + "/oauth/token")
                    .timeout(http.policy().requestTimeout().toMillis())
                    .sendForm(MultiMap.caseInsensitiveMultiMap()
                            .add("grant_type", "refresh_token")
                            .add("refresh_token", refresh.reveal())
                            .add("client_id", settings.clientId()))
                    .map(this::accept);
        }

        private String code(HttpResponse<Buffer> r, String state) {
            int s = r.statusCode();
            if (s == 429 || s >= 500) {
                http.checkCommon(r, "portal login");
            }
            String location = r.getHeader("Location");
            if (s < 300 || s >= 400 || location == null) {
                throw UtilityException.credentialsRejected(Utility.TELEO, "the portal refused the login (HTTP " + s
                        + "); " + HOW_TO_FIX);
            }
            Map<String, String> q = query(location);
            if (q.containsKey("error")) {
                throw UtilityException.credentialsRejected(Utility.TELEO, "the portal refused the login ("
                        + q.get("error") + "); " + HOW_TO_FIX);
            }
            if (!state.equals(q.get("state")) || q.get("code") == null) {
                throw UtilityException.badResponse(Utility.TELEO, "the login redirect has no code or a wrong state");
            }
            return q.get("code");
        }

        private String accept(HttpResponse<Buffer> r) {
            int s = r.statusCode();
            if (s == 400 || s == 401 || s == 403) {
                throw UtilityException.credentialsRejected(Utility.TELEO, "the token endpoint answered HTTP " + s + "; " + HOW_TO_FIX);
            }
            if (s == 429 || s >= 500) {
                http.checkCommon(r, "token request");
            }
            JsonObject body;
            try {
                body = r.bodyAsJsonObject();
            } catch (DecodeException e) {
                body = null;
            }
            if (s != 200 || body == null || body.getString("access_token") == null) {
                throw UtilityException.badResponse(Utility.TELEO, "token answer (HTTP " + s + ") without access_token");
            }
            synchronized (this) {
                access = body.getString("access_token");
                String rt = body.getString("refresh_token");
                if (rt != null) {
                    refresh = Secret.of(rt);
                }
                expiresAt = http.clock().instant().plusSeconds(ClientCredentialsTokens.expiresIn(body.getValue("expires_in")));
                return access;
            }
        }
    }

    static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String randomUrlSafe(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static Map<String, String> query(String uri) {
        Map<String, String> out = new HashMap<>();
        String q = URI.create(uri).getRawQuery();
        if (q == null) {
            return out;
        }
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return out;
    }
}
