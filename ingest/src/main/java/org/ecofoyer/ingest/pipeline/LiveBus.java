package org.ecofoyer.ingest.pipeline;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.ecofoyer.drivers.Reading;

/**
 * Publishes every decoded message of a meter on the Vert.x event bus, before downsampling and without waiting for the
 * database, for live views. Address: {@code ecofoyer.live.<meter code>}; body: {@code {"meter", "instant",
 * "values": {channel: value}}}. Fire and forget: nobody listening costs nothing.
 */
public final class LiveBus {
    private static final String ADDRESS_PREFIX = "ecofoyer.live.";

    private final Vertx vertx;

    public LiveBus(Vertx vertx) {
        this.vertx = vertx;
    }

    public static String address(String meterCode) {
        return ADDRESS_PREFIX + meterCode;
    }

    void publish(String meter, List<Reading> readings) {
        if (readings.isEmpty()) {
            return;
        }
        Instant instant = readings.get(0).instant();
        JsonObject values = new JsonObject();
        for (Reading r : readings) {
            values.put(r.channel(), r.value());
            if (r.instant().isAfter(instant)) {
                instant = r.instant();
            }
        }
        vertx.eventBus().publish(address(meter), new JsonObject().put("meter", meter).put("instant", instant.toString())
                .put("values", values));
    }
}
