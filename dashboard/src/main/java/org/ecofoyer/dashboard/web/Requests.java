package org.ecofoyer.dashboard.web;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Small helpers for reading requests and writing JSON answers. */
public final class Requests {
    private Requests() {
    }

    /** The JSON object body, or a 400/415 problem. */
    public static JsonObject body(RoutingContext rc) {
        String type = rc.request().getHeader("content-type");
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new ApiError(415, "Unsupported media type", "Send the body as application/json.");
        }
        try {
            JsonObject o = rc.body().asJsonObject();
            if (o == null) {
                throw ApiError.badRequest("The body must be a JSON object.");
            }
            return o;
        } catch (DecodeException | ClassCastException e) {
            // The parser's own message names Java classes and internals: not for the client.
            throw ApiError.badRequest("The body is not valid JSON.");
        }
    }

    public static String string(JsonObject o, String key) {
        Object v = o.getValue(key);
        if (!(v instanceof String s) || s.isEmpty()) {
            throw ApiError.badRequest("'" + key + "' is required (a string).");
        }
        return s;
    }

    /**
     * A client-supplied identifier (a login, a household id, a meter code) as it may be used: at most {@code max}
     * characters and no control characters (they forge log lines; PostgreSQL refuses NUL), else a 400 problem.
     */
    public static String identifier(String value, String name, int max) {
        if (value.length() > max) {
            throw ApiError.badRequest("'" + name + "' is too long (at most " + max + " characters).");
        }
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (Character.isISOControl(ch) || ch == '\u2028' || ch == '\u2029') {
                throw ApiError.badRequest("'" + name + "' contains a control character.");
            }
        }
        return value;
    }

    /** The client's address: the socket's peer, or what a trusted proxy says (see {@link TrustedProxies}). */
    public static String address(RoutingContext rc) {
        String client = rc.get(TrustedProxies.CLIENT);
        if (client != null) {
            return client;
        }
        var a = rc.request().remoteAddress();
        return a == null ? "unknown" : a.hostAddress();
    }

    /** Whether the client reached us over TLS: our own, or a trusted proxy's. */
    public static boolean https(RoutingContext rc) {
        Boolean https = rc.get(TrustedProxies.HTTPS);
        return https != null ? https : rc.request().isSSL();
    }

    /** Answers JSON: a {@code JsonObject}, anything Jackson can encode, or an already encoded {@code Buffer}. */
    public static void json(RoutingContext rc, int status, Object body) {
        rc.response().setStatusCode(status)
                .putHeader("content-type", "application/json")
                .putHeader("cache-control", "no-store")
                .end(body instanceof io.vertx.core.buffer.Buffer b ? b
                        : io.vertx.core.buffer.Buffer.buffer(body instanceof JsonObject j ? j.encode() : io.vertx.core.json.Json.encode(body)));
    }

    public static void noContent(RoutingContext rc) {
        rc.response().setStatusCode(204).putHeader("cache-control", "no-store").end();
    }
}
