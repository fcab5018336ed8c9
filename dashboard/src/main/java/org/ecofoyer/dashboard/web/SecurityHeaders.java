package org.ecofoyer.dashboard.web;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

/**
 * Headers on every answer: a Content-Security-Policy with no inline or foreign scripts (the pages are ES modules
 * from this origin; ECharts too), no framing, no MIME sniffing, no referrer. {@code style-src-attr 'unsafe-inline'}
 * lets ECharts position its tooltip with style attributes; style sheets themselves must come from this origin.
 */
public final class SecurityHeaders implements Handler<RoutingContext> {
    public static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline';"
            + " img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none';"
            + " form-action 'self'; frame-ancestors 'none'";
    private final boolean tls;

    public SecurityHeaders(boolean tls) {
        this.tls = tls;
    }

    @Override
    public void handle(RoutingContext rc) {
        MultiMap h = rc.response().headers();
        h.set("Content-Security-Policy", CSP);
        h.set("X-Content-Type-Options", "nosniff");
        h.set("X-Frame-Options", "DENY");
        h.set("Referrer-Policy", "no-referrer");
        h.set("Cross-Origin-Opener-Policy", "same-origin");
        h.set("Cross-Origin-Resource-Policy", "same-origin");
        h.set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
        if (tls) {
            h.set("Strict-Transport-Security", "max-age=31536000");
        }
        rc.next();
    }
}
