package org.ecofoyer.drivers.utility;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The common part of every utility call: pacing ({@link Throttle}), bearer token with one renewal on 401, retries
 * of transient failures with backoff, 429 {@code Retry-After}, and the mapping of transport failures (timeouts,
 * connection resets, truncated bodies) to {@link UtilityException}s. Never blocks: waits are Vert.x timers.
 */
public final class UtilityHttp {
    private static final Logger LOG = LoggerFactory.getLogger(UtilityHttp.class);

    /** One try of a call, given the current bearer token ({@code null} without a token source). */
    @FunctionalInterface
    public interface Attempt<T> {
        Future<T> run(String token);
    }

    /** Thrown by {@link #checkCommon} on 401, so that {@link #call} renews the token and tries again once. */
    private static final class TokenRefused extends RuntimeException {
        TokenRefused() {
            super("401", null, false, false);
        }
    }

    private final Vertx vertx;
    private final Utility utility;
    private final RetryPolicy policy;
    private final Clock clock;
    private final Throttle throttle;

    public UtilityHttp(Vertx vertx, Utility utility, ApiLimits limits, RetryPolicy policy, Clock clock) {
        this.vertx = vertx;
        this.utility = utility;
        this.policy = policy;
        this.clock = clock;
        this.throttle = new Throttle(clock, limits.minInterval(), limits.maxCallsPerHour());
    }

    public Utility utility() {
        return utility;
    }

    public RetryPolicy policy() {
        return policy;
    }

    public Clock clock() {
        return clock;
    }

    /** Runs {@code attempt} paced and retried; the result or the last typed error. */
    public <T> Future<T> call(String what, TokenSource tokens, Attempt<T> attempt) {
        return tryOnce(what, tokens, attempt, 1, false);
    }

    private <T> Future<T> tryOnce(String what, TokenSource tokens, Attempt<T> attempt, int n, boolean renewed) {
        Future<String> token = tokens == null ? Future.succeededFuture(null) : tokens.token();
        return token.transform(tr -> {
            if (tr.failed()) {
                return retryOrFail(what, tokens, attempt, n, renewed, classify(tr.cause()));
            }
            String t = tr.result();
            return paced().compose(v -> attempt.run(t)).transform(r -> {
                if (r.succeeded()) {
                    return Future.succeededFuture(r.result());
                }
                if (r.cause() instanceof TokenRefused) {
                    if (tokens == null || renewed) {
                        return Future.failedFuture(UtilityException.credentialsRejected(utility,
                                "the API refused a freshly issued access token for " + what
                                        + "; check the operator's client id and secret and its API subscription"));
                    }
                    tokens.invalidate(t);
                    return tryOnce(what, tokens, attempt, n, true);
                }
                return retryOrFail(what, tokens, attempt, n, renewed, classify(r.cause()));
            });
        });
    }

    private <T> Future<T> retryOrFail(String what, TokenSource tokens, Attempt<T> attempt, int n, boolean renewed,
                                      UtilityException e) {
        boolean retryable = e.kind() == UtilityException.Kind.UNAVAILABLE
                || e.kind() == UtilityException.Kind.BAD_RESPONSE
                || e.kind() == UtilityException.Kind.RATE_LIMITED;
        Instant now = clock.instant();
        if (!retryable || n >= policy.attempts()) {
            if (e.retryAt() == null && retryable) {
                Instant at = now.plus(policy.backoffBefore(n));
                return Future.failedFuture(new UtilityException(utility, e.kind(), e.getMessage() + ", retrying at " + at,
                        at, e.getCause()));
            }
            return Future.failedFuture(e);
        }
        Duration wait;
        if (e.kind() == UtilityException.Kind.RATE_LIMITED) {
            wait = e.retryAt() == null ? policy.backoffBefore(n) : Duration.between(now, e.retryAt());
            if (wait.compareTo(policy.maxRetryAfter()) > 0) {
                return Future.failedFuture(e);
            }
        } else {
            wait = policy.backoffBefore(n);
        }
        LOG.info("{}: {} failed ({}); attempt {} of {} in {} ms", utility, what, e.getMessage(), n + 1,
                policy.attempts(), Math.max(0, wait.toMillis()));
        return delay(wait).compose(v -> tryOnce(what, tokens, attempt, n + 1, renewed));
    }

    private UtilityException classify(Throwable err) {
        if (err instanceof UtilityException ue) {
            return ue;
        }
        String why = err.getClass().getSimpleName() + (err.getMessage() == null ? "" : ": " + err.getMessage());
        if (err instanceof java.util.concurrent.TimeoutException
                || err.getClass().getName().contains("Timeout")) {
            why = "no answer within " + policy.requestTimeout().toSeconds() + " s";
        }
        return UtilityException.unavailable(utility, why, null, err);
    }

    private Future<Void> paced() {
        return delay(Duration.ofMillis(throttle.reserve()));
    }

    private Future<Void> delay(Duration d) {
        long ms = d.toMillis();
        if (ms <= 0) {
            return Future.succeededFuture();
        }
        Promise<Void> p = Promise.promise();
        vertx.setTimer(ms, id -> p.complete());
        return p.future();
    }

    /**
     * The answers every utility gives the same meaning to: 401 (token refused: renewed once), 429 (quota, with
     * {@code Retry-After}), 5xx (unavailable). Returns normally for anything else, which the client then maps.
     */
    public void checkCommon(HttpResponse<?> response, String what) {
        int s = response.statusCode();
        if (s == 401) {
            throw new TokenRefused();
        }
        if (s == 429) {
            throw UtilityException.rateLimited(utility, retryAfter(response.getHeader("Retry-After")));
        }
        if (s >= 500) {
            throw UtilityException.unavailable(utility, "HTTP " + s + " on " + what, null, null);
        }
    }

    /** {@code Retry-After} as seconds or an HTTP date; a minute from now when absent or unreadable. */
    Instant retryAfter(String header) {
        Instant now = clock.instant();
        if (header == null || header.isBlank()) {
            return now.plusSeconds(60);
        }
        String h = header.trim();
        try {
            return now.plusSeconds(Math.max(0, Long.parseLong(h)));
        } catch (NumberFormatException notSeconds) {
            try {
                return ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            } catch (DateTimeParseException notDate) {
                return now.plusSeconds(60);
            }
        }
    }
}
