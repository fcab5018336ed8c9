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
            throw ApiError.badRequest("The body is not valid JSON: " + e.getMessage());
        }
    }

    public static String string(JsonObject o, String key) {
        Object v = o.getValue(key);
        if (!(v instanceof String s) || s.isEmpty()) {
            throw ApiError.badRequest("'" + key + "' is required (a string).");
        }
        return s;
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
