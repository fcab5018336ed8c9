package org.ecofoyer.dashboard;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import io.vertx.core.json.JsonObject;

/** An HTTP client that behaves like the pages: keeps cookies and sends the CSRF cookie back as a header. */
public final class Browser {
    private final String base;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http;
    private final java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();

    public Browser(String base) {
        this.base = base;
        // HTTP/1.1 as a browser speaks it over cleartext (browsers never upgrade to h2c).
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Sends this header with every request from now on (e.g. what a reverse proxy adds). */
    public Browser withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public String cookie(String name) {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
                .map(HttpCookie::getValue).findFirst().orElse(null);
    }

    public void setCookie(String name, String value) {
        HttpCookie c = new HttpCookie(name, value);
        c.setPath("/");
        c.setVersion(0);
        cookies.getCookieStore().add(URI.create(base), c);
    }

    public void clearCookies() {
        cookies.getCookieStore().removeAll();
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    public HttpResponse<byte[]> getBytes(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A request with a JSON body and the CSRF header taken from the cookie (as the pages do). */
    public HttpResponse<String> send(String method, String path, JsonObject body) {
        return send(method, path, body, cookie("eco_csrf"));
    }

    public HttpResponse<String> send(String method, String path, JsonObject body, String csrf) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()))
                .header("content-type", "application/json");
        if (csrf != null) {
            b.header("X-CSRF-Token", csrf);
        }
        return send(b);
    }

    private HttpResponse<String> send(HttpRequest.Builder b) {
        headers.forEach(b::header);
        try {
            return http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends {@code body} as it is (not necessarily JSON), with the CSRF token. */
    public HttpResponse<String> sendRaw(String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, HttpRequest.BodyPublishers.ofString(body)).header("content-type", "application/json");
        String csrf = cookie("eco_csrf");
        if (csrf != null) {
            b.header("X-CSRF-Token", csrf);
        }
        return send(b);
    }

    /** Only the status (the body is not read: works for event streams too). */
    public int status(String method, String path, JsonObject body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()))
                .header("content-type", "application/json");
        String csrf = cookie("eco_csrf");
        if (csrf != null) {
            b.header("X-CSRF-Token", csrf);
        }
        try {
            HttpResponse<java.io.InputStream> r = http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofInputStream());
            r.body().close();
            return r.statusCode();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An event stream's lines, read as they come. */
    public java.util.stream.Stream<String> lines(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofLines()).body();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Fetches a CSRF cookie and signs in; returns the answer. */
    public HttpResponse<String> signIn(String login, String password) {
        if (cookie("eco_csrf") == null) {
            get("/api/v1/csrf");
        }
        return send("POST", "/api/v1/session", new JsonObject().put("login", login).put("password", password));
    }

    public static JsonObject json(HttpResponse<String> r) {
        return new JsonObject(r.body());
    }
}
