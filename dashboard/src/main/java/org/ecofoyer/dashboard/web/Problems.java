package org.ecofoyer.dashboard.web;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.ecofoyer.dashboard.auth.Accounts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The API's one error mapper: every failure becomes an {@code application/problem+json} answer. */
public final class Problems {
    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);
    public static final String TYPE = "application/problem+json";

    private Problems() {
    }

    public static void send(RoutingContext rc, int status, String title, String detail, JsonObject extra) {
        if (rc.response().headWritten()) {
            rc.response().reset();
            return;
        }
        JsonObject body = new JsonObject()
                .put("type", "about:blank")
                .put("title", title)
                .put("status", status)
                .put("detail", detail)
                .put("instance", rc.request().path());
        if (extra != null) {
            body.mergeIn(extra);
            if (extra.getValue("retryAfter") instanceof Number n) {
                rc.response().putHeader("Retry-After", String.valueOf(n.longValue()));
            }
        }
        rc.response().setStatusCode(status)
                .putHeader("content-type", TYPE)
                .putHeader("cache-control", "no-store")
                .end(body.encode());
    }

    /** The failure handler of {@code /api/*}. */
    public static void handle(RoutingContext rc) {
        Throwable f = rc.failure();
        if (f instanceof ApiError e) {
            send(rc, e.status(), e.title(), e.getMessage(), e.extra());
        } else if (f instanceof Accounts.AccountException e) {
            send(rc, 400, "Bad request", e.getMessage(), null);
        } else if (f instanceof IllegalArgumentException e) {
            send(rc, 400, "Bad request", clientMessage(e), null);
        } else if (f == null) {
            int status = rc.statusCode() < 400 ? 500 : rc.statusCode();
            send(rc, status, title(status), title(status) + ".", null);
        } else {
            LOG.error("{} {} failed", rc.request().method(), rc.request().path(), f);
            send(rc, 500, "Internal error", "The server could not answer; the error is logged. Try again later.", null);
        }
    }

    /**
     * A refusal's message as the client may read it: ours say what to send instead; the JDK's and libraries' name
     * classes ({@code No enum constant org...}, {@code For input string}), which is nobody's business outside.
     */
    static String clientMessage(IllegalArgumentException e) {
        String m = e.getMessage();
        if (m == null || m.isBlank() || JAVA_NAME.matcher(m).find() || m.startsWith("For input string") || m.contains("No enum constant")) {
            LOG.debug("refused with an internal message: {}", m);
            return "The request is not valid.";
        }
        return m;
    }

    private static final java.util.regex.Pattern JAVA_NAME = java.util.regex.Pattern.compile("\\b(?:java|javax|jdk|sun|io|org|com)\\.[a-z0-9_]+\\.");

    private static String title(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 401 -> "Not signed in";
            case 403 -> "Forbidden";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 413 -> "Request too large";
            case 415 -> "Unsupported media type";
            default -> "Error";
        };
    }
}
