package org.ecofoyer.tools.fake;

import java.time.Duration;

/**
 * A scripted misbehaviour of the fake utility server, used once by the next request to its route.
 *
 * @param type        what goes wrong
 * @param seconds     {@code Retry-After} for {@link Type#TOO_MANY_REQUESTS}
 * @param delay       for {@link Type#SLOW}: how long the answer is held back
 * @param status      for {@link Type#BODY}: the status to answer
 * @param contentType for {@link Type#BODY}
 * @param body        for {@link Type#BODY}: the exact body to answer (e.g. a captured sample)
 */
public record Fault(Type type, long seconds, Duration delay, int status, String contentType, String body) {
    public enum Type { UNAUTHORIZED, TOO_MANY_REQUESTS, SERVER_ERROR, UNAVAILABLE, MALFORMED, TRUNCATED, SLOW, BODY }

    public static Fault unauthorized() {
        return new Fault(Type.UNAUTHORIZED, 0, null, 401, null, null);
    }

    public static Fault tooManyRequests(long retryAfterSeconds) {
        return new Fault(Type.TOO_MANY_REQUESTS, retryAfterSeconds, null, 429, null, null);
    }

    public static Fault serverError() {
        return new Fault(Type.SERVER_ERROR, 0, null, 500, null, null);
    }

    public static Fault unavailable() {
        return new Fault(Type.UNAVAILABLE, 0, null, 503, null, null);
    }

    /** NDJSON: one broken line among good ones; JSON: a body that is cut short but sent whole. */
    public static Fault malformed() {
        return new Fault(Type.MALFORMED, 0, null, 200, null, null);
    }

    /** Announces the whole length, sends half of it and closes the connection. */
    public static Fault truncated() {
        return new Fault(Type.TRUNCATED, 0, null, 200, null, null);
    }

    public static Fault slow(Duration delay) {
        return new Fault(Type.SLOW, 0, delay, 200, null, null);
    }

    public static Fault body(int status, String contentType, String body) {
        return new Fault(Type.BODY, 0, null, status, contentType, body);
    }
}
