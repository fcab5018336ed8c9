package org.ecofoyer.dashboard.web;

import io.vertx.core.json.JsonObject;

/** An API failure with its HTTP status, answered as {@code application/problem+json} (RFC 9457). */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String title;
    private final JsonObject extra;

    public ApiError(int status, String title, String detail) {
        this(status, title, detail, null);
    }

    public ApiError(int status, String title, String detail, JsonObject extra) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.extra = extra;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public JsonObject extra() {
        return extra;
    }

    public static ApiError badRequest(String detail) {
        return new ApiError(400, "Bad request", detail);
    }

    public static ApiError notFound() {
        return new ApiError(404, "Not found", "There is no such resource.");
    }

    public static ApiError unauthorized() {
        return new ApiError(401, "Not signed in", "Sign in first; your session may have expired.");
    }

    public static ApiError forbidden(String detail) {
        return new ApiError(403, "Forbidden", detail);
    }
}
