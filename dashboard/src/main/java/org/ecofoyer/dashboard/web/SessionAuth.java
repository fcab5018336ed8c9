package org.ecofoyer.dashboard.web;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Set;
import org.ecofoyer.dashboard.auth.Caller;
import org.ecofoyer.dashboard.auth.Sessions;
import org.ecofoyer.dashboard.auth.Tokens;
import org.ecofoyer.storage.Jdbc;

/**
 * Who is calling, from the session cookie, and the CSRF rule: every request that changes state (any method but GET,
 * HEAD, OPTIONS) carries the header {@value #CSRF_HEADER}. Signed in, it must equal the session's token; before
 * sign-in (sign-in itself, accepting an invitation) it must equal the {@value #CSRF_COOKIE} cookie (double submit).
 * The pages read that cookie (it is not HttpOnly) and send it back as the header; a foreign site can do neither.
 */
public final class SessionAuth {
    public static final String SESSION_COOKIE = "eco_session";
    public static final String CSRF_COOKIE = "eco_csrf";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final String CALLER = "ecofoyer.caller";
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final Jdbc jdbc;
    private final Sessions sessions;
    private final boolean secure;

    public SessionAuth(Jdbc jdbc, Sessions sessions, boolean secure) {
        this.jdbc = jdbc;
        this.sessions = sessions;
        this.secure = secure;
    }

    public static Caller caller(RoutingContext rc) {
        return rc.get(CALLER);
    }

    /** Loads the caller, if the session cookie names a live session; never refuses. */
    public void load(RoutingContext rc) {
        Cookie c = rc.request().getCookie(SESSION_COOKIE);
        if (c == null) {
            rc.next();
            return;
        }
        jdbc.run(conn -> sessions.find(conn, c.getValue())).onComplete(ar -> {
            if (ar.failed()) {
                rc.fail(ar.cause());
                return;
            }
            ar.result().ifPresent(caller -> rc.put(CALLER, caller));
            rc.next();
        });
    }

    /** Refuses (401) a request without a live session. */
    public void require(RoutingContext rc) {
        if (caller(rc) == null) {
            rc.fail(ApiError.unauthorized());
        } else {
            rc.next();
        }
    }

    /** Refuses (403) a state-changing request without the right CSRF token. */
    public void csrf(RoutingContext rc) {
        if (SAFE.contains(rc.request().method())) {
            rc.next();
            return;
        }
        String header = rc.request().getHeader(CSRF_HEADER);
        Caller caller = caller(rc);
        String expected;
        if (caller != null) {
            expected = caller.csrfToken();
        } else {
            Cookie cookie = rc.request().getCookie(CSRF_COOKIE);
            expected = cookie == null ? null : cookie.getValue();
        }
        if (header == null) {
            rc.fail(ApiError.forbidden("This request needs the " + CSRF_HEADER + " header; reload the page and try again."));
        } else if (!Tokens.same(header, expected)) {
            rc.fail(ApiError.forbidden("The " + CSRF_HEADER + " header does not match this session; reload the page and try again."));
        } else {
            rc.next();
        }
    }

    /** Gives an anonymous visitor a CSRF cookie if it has none; returns its value. */
    public String ensureAnonymousCsrf(RoutingContext rc) {
        Caller caller = caller(rc);
        if (caller != null) {
            return caller.csrfToken();
        }
        Cookie existing = rc.request().getCookie(CSRF_COOKIE);
        if (existing != null && existing.getValue().length() >= 32) {
            return existing.getValue();
        }
        String token = Tokens.random();
        rc.response().addCookie(csrfCookie(rc, token, Duration.ofDays(1)));
        return token;
    }

    /** Sets the cookies of a new session. */
    public void signedIn(RoutingContext rc, Sessions.Opened opened) {
        long maxAge = sessions.maxAge().toSeconds();
        rc.response().addCookie(Cookie.cookie(SESSION_COOKIE, opened.token()).setPath("/").setHttpOnly(true)
                .setSecure(secure(rc)).setSameSite(CookieSameSite.LAX).setMaxAge(maxAge));
        rc.response().addCookie(csrfCookie(rc, opened.csrfToken(), sessions.maxAge()));
    }

    /** Removes the session cookies. */
    public void signedOut(RoutingContext rc) {
        rc.response().addCookie(Cookie.cookie(SESSION_COOKIE, "").setPath("/").setHttpOnly(true).setSecure(secure(rc))
                .setSameSite(CookieSameSite.LAX).setMaxAge(0));
        rc.response().addCookie(csrfCookie(rc, "", Duration.ZERO));
    }

    /** Cookies are Secure when configured so, or when the client came over HTTPS (directly or via a trusted proxy). */
    private boolean secure(RoutingContext rc) {
        return secure || Requests.https(rc);
    }

    private Cookie csrfCookie(RoutingContext rc, String token, Duration maxAge) {
        return Cookie.cookie(CSRF_COOKIE, token).setPath("/").setHttpOnly(false).setSecure(secure(rc))
                .setSameSite(CookieSameSite.STRICT).setMaxAge(maxAge.toSeconds());
    }
}
