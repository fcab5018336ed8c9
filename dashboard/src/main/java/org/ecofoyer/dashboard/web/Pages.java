package org.ecofoyer.dashboard.web;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ecofoyer.dashboard.auth.Caller;
import org.ecofoyer.dashboard.auth.Role;

/**
 * The pages: one server-rendered shell (language, navigation, who is signed in, the translated strings as a JSON
 * data block) and ES modules that fetch the API and draw the page. No inline script anywhere (the CSP forbids it).
 */
public final class Pages {
    public static final List<String> LOCALES = List.of("fr", "en");
    /** Household pages, in navigation order. */
    public static final List<String> HOUSEHOLD_PAGES = List.of("overview", "electricity", "gas", "water", "live", "analysis",
            "report", "ecogestures", "challenges", "alerts", "home", "sharing", "data", "account");
    /** Advisor pages: the workspace (households that shared their data, comparisons, similar homes) and the account. */
    public static final List<String> ADVISOR_PAGES = List.of("advisor", "account");
    /** Installer and operator pages: onboarding (households, meters, gateways and their broker accounts), commissioning
     * gateways (issue #14), the account. */
    public static final List<String> INSTALLER_PAGES = List.of("onboarding", "commissioning", "account");
    public static final String LANG_COOKIE = "eco_lang";

    private final String template;
    private final Map<String, JsonObject> messages = new LinkedHashMap<>();
    private final SessionAuth auth;

    public Pages(SessionAuth auth) {
        this.auth = auth;
        this.template = resource("dashboard/shell.html");
        for (String l : LOCALES) {
            messages.put(l, messages(l));
        }
    }

    public void mount(Router router) {
        router.get("/").handler(rc -> redirect(rc, SessionAuth.caller(rc) == null ? "/signin" : "/app/" + home(SessionAuth.caller(rc))));
        router.get("/signin").handler(rc -> {
            if (SessionAuth.caller(rc) != null) {
                redirect(rc, "/app/" + home(SessionAuth.caller(rc)));
            } else {
                render(rc, "signin");
            }
        });
        router.get("/invite").handler(rc -> render(rc, "invite"));
        router.get("/app/:page").handler(this::app);
        router.route("/static/*").handler(StaticHandler.create("webroot").setCachingEnabled(true).setMaxAgeSeconds(300));
        // Versioned path: cache for a year.
        router.route("/webjars/echarts/*").handler(StaticHandler.create("META-INF/resources/webjars/echarts")
                .setCachingEnabled(true).setMaxAgeSeconds(365L * 24 * 3600));
    }

    private static String home(Caller caller) {
        return switch (caller.roleEnum()) {
            case HOUSEHOLD -> "overview";
            case ADVISOR -> "advisor";
            // the installer's day starts with a home to onboard; its commissioning page is next in the navigation
            case INSTALLER, OPERATOR -> "onboarding";
        };
    }

    /** The pages an account's role has, in navigation order. */
    static List<String> pagesOf(Caller caller) {
        return switch (caller.roleEnum()) {
            case HOUSEHOLD -> HOUSEHOLD_PAGES;
            case ADVISOR -> ADVISOR_PAGES;
            case INSTALLER, OPERATOR -> INSTALLER_PAGES;
        };
    }

    private void app(RoutingContext rc) {
        Caller caller = SessionAuth.caller(rc);
        String page = rc.pathParam("page");
        if (caller == null) {
            redirect(rc, "/signin?next=" + URLEncoder.encode("/app/" + page, StandardCharsets.UTF_8));
            return;
        }
        boolean allowed = pagesOf(caller).contains(page);
        if (!allowed) {
            rc.response().setStatusCode(404);
            render(rc, "notfound");
            return;
        }
        render(rc, page);
    }

    private static void redirect(RoutingContext rc, String to) {
        rc.response().setStatusCode(302).putHeader("location", to).putHeader("cache-control", "no-store").end();
    }

    /** The request's language: ?lang=, then the cookie, then the account's, then Accept-Language; French by default. */
    String locale(RoutingContext rc) {
        String q = rc.request().getParam("lang");
        if (q != null && LOCALES.contains(q)) {
            rc.response().addCookie(Cookie.cookie(LANG_COOKIE, q).setPath("/").setSameSite(CookieSameSite.LAX)
                    .setMaxAge(365L * 24 * 3600));
            return q;
        }
        Cookie c = rc.request().getCookie(LANG_COOKIE);
        if (c != null && LOCALES.contains(c.getValue())) {
            return c.getValue();
        }
        Caller caller = SessionAuth.caller(rc);
        if (caller != null) {
            return caller.locale();
        }
        String accept = rc.request().getHeader("accept-language");
        if (accept != null) {
            for (String part : accept.split(",")) {
                String tag = part.split(";")[0].trim().toLowerCase(Locale.ROOT);
                String lang = tag.length() >= 2 ? tag.substring(0, 2) : tag;
                if (LOCALES.contains(lang)) {
                    return lang;
                }
            }
        }
        return "fr";
    }

    private void render(RoutingContext rc, String page) {
        String lang = locale(rc);
        JsonObject m = messages.get(lang);
        Caller caller = SessionAuth.caller(rc);
        if (caller == null) {
            auth.ensureAnonymousCsrf(rc);
        }
        String title = m.getString("page." + page, "Ecofoyer");
        StringBuilder nav = new StringBuilder();
        if (caller != null) {
            nav.append("<ul>");
            List<String> pages = pagesOf(caller);
            for (String p : pages) {
                nav.append("<li><a href=\"/app/").append(p).append('"')
                        .append(p.equals(page) ? " aria-current=\"page\"" : "").append('>')
                        .append(escape(m.getString("page." + p))).append("</a></li>");
            }
            nav.append("</ul>");
        }
        String who = caller == null ? "" : "<span>" + escape(m.getString("signedInAs").replace("{0}", caller.login()))
                + "</span> <button type=\"button\" id=\"signout\">" + escape(m.getString("signout")) + "</button>";
        String other = "fr".equals(lang) ? "en" : "fr";
        String langSwitch = "<a href=\"?lang=" + other + "\" hreflang=\"" + other + "\" lang=\"" + other + "\">"
                + escape(m.getString("lang.switch")) + "</a>";
        String html = template
                .replace("{{lang}}", lang)
                .replace("{{title}}", escape(title))
                .replace("{{messages}}", m.encode().replace("<", "\\u003c"))
                .replace("{{page}}", page)
                .replace("{{household}}", caller == null || caller.householdId() == null ? "" : escape(caller.householdId()))
                .replace("{{role}}", caller == null ? "" : caller.roleEnum().wire())
                .replace("{{skip}}", escape(m.getString("skip")))
                .replace("{{navLabel}}", escape(m.getString("nav.label")))
                .replace("{{nav}}", nav)
                .replace("{{who}}", who)
                .replace("{{noscript}}", escape(m.getString("noscript")))
                .replace("{{footer}}", escape(m.getString("footer")))
                .replace("{{langSwitch}}", langSwitch);
        rc.response().putHeader("content-type", "text/html; charset=utf-8").putHeader("cache-control", "no-store").end(html);
    }

    /** A language's dictionary: the pages' and, in its own file, engagement's (#16: alerts, report, ecogestures, challenges). */
    public static JsonObject messages(String lang) {
        return new JsonObject(resource("dashboard/i18n/" + lang + ".json")).mergeIn(new JsonObject(resource("dashboard/i18n/engage-" + lang + ".json")));
    }

    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(ch);
            }
        }
        return sb.toString();
    }

    static String resource(String name) {
        try (InputStream in = Pages.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
