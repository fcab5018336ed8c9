package org.ecofoyer.drivers.utility;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.time.Instant;

/**
 * OAuth2 client-credentials tokens (GRDF ADICT, Enedis Data Connect): one token shared by every call, renewed
 * {@code renewBefore} ahead of its expiry and at once when the API refuses it; concurrent callers share one
 * request to the authorization server. The client secret is sent in the form body and never logged.
 */
public final class ClientCredentialsTokens implements TokenSource {
    private final WebClient client;
    private final UtilityHttp http;
    private final String tokenUrl;
    private final String clientId;
    private final Secret clientSecret;
    private final String scope;
    private final Duration renewBefore;

    private String token;
    private Instant expiresAt = Instant.MIN;
    private Future<String> inFlight;
    private int issued;

    public ClientCredentialsTokens(WebClient client, UtilityHttp http, String tokenUrl, String clientId,
                                   Secret clientSecret, String scope, Duration renewBefore) {
        this.client = client;
        this.http = http;
        this.tokenUrl = tokenUrl;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.scope = scope;
        this.renewBefore = renewBefore;
    }

    @Override
    public synchronized Future<String> token() {
        if (token != null && http.clock().instant().isBefore(expiresAt.minus(renewBefore))) {
            return Future.succeededFuture(token);
        }
        if (inFlight == null) {
            inFlight = http.call("token request", null, ignored -> request())
                    .andThen(ar -> {
                        synchronized (this) {
                            inFlight = null;
                        }
                    });
        }
        return inFlight;
    }

    @Override
    public synchronized void invalidate(String refused) {
        if (refused != null && refused.equals(token)) {
            token = null;
        }
    }

    /** How many tokens were obtained so far (for tests and metrics). */
    public synchronized int issued() {
        return issued;
    }

    private Future<String> request() {
        MultiMap form = MultiMap.caseInsensitiveMultiMap()
                .add("grant_type", "client_credentials")
                .add("client_id", clientId)
                .add("client_secret", clientSecret.reveal());
        if (scope != null) {
            form.add("scope", scope);
        }
        return client.postAbs(tokenUrl).timeout(http.policy().requestTimeout().toMillis()).sendForm(form)
                .map(this::accept);
    }

    private String accept(HttpResponse<io.vertx.core.buffer.Buffer> r) {
        int s = r.statusCode();
        if (s == 400 || s == 401 || s == 403) {
            String error = "";
            try {
                JsonObject body = r.bodyAsJsonObject();
                error = body == null ? "" : " (" + body.getString("error", "") + ")";
            } catch (DecodeException | ClassCastException ignored) {
                // no JSON body: the status says enough
            }
            throw UtilityException.credentialsRejected(http.utility(), "the authorization server answered HTTP " + s + error
                    + "; check the operator's client id and client secret");
        }
        if (s == 429 || s >= 500) {
            http.checkCommon(r, "token request");
        }
        if (s != 200) {
            throw UtilityException.badResponse(http.utility(), "token request answered HTTP " + s);
        }
        JsonObject body;
        try {
            body = r.bodyAsJsonObject();
        } catch (DecodeException e) {
            throw UtilityException.badResponse(http.utility(), "the token answer is not JSON");
        }
        String access = body == null ? null : body.getString("access_token");
        if (access == null || access.isBlank()) {
            throw UtilityException.badResponse(http.utility(), "the token answer has no access_token");
        }
        long seconds = expiresIn(body.getValue("expires_in"));
        synchronized (this) {
            token = access;
            expiresAt = http.clock().instant().plusSeconds(seconds);
            issued++;
        }
        return access;
    }

    /** {@code expires_in} is a number at GRDF and a string at Enedis ("12600"); an hour when absent. */
    public static long expiresIn(Object v) {
        if (v instanceof Number n) {
            return n.longValue();
        }
        if (v instanceof String s && !s.isBlank()) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException ignored) {
                return 3600;
            }
        }
        return 3600;
    }
}
