package org.ecofoyer.dashboard;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** Contributes one part of {@code GET /health}. Implementations must not block: run blocking probes on a worker. */
@FunctionalInterface
public interface HealthCheck {
    /** A JSON object with at least {@code "up": true|false}. */
    Future<JsonObject> check();
}
