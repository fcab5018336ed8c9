package org.ecofoyer.ingest.sync;

import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import org.ecofoyer.core.MeterKind;
import org.ecofoyer.drivers.utility.RetryPolicy;
import org.ecofoyer.drivers.utility.UtilitySource;
import org.ecofoyer.drivers.utility.enedis.EnedisClient;
import org.ecofoyer.drivers.utility.grdf.GrdfClient;
import org.ecofoyer.drivers.utility.teleo.TeleoClient;

/** Builds the clients of the configured utilities, by the meter kind they serve. */
public final class UtilitySources {
    private UtilitySources() {
    }

    /** One shared {@link WebClient} for every utility. */
    public static WebClient webClient(Vertx vertx) {
        return WebClient.create(vertx, new WebClientOptions().setUserAgent("Ecofoyer").setConnectTimeout(10_000)
                .setKeepAlive(true));
    }

    /** {@code GAZPAR}, {@code ENEDIS_API}, {@code TELEO} → client, for each utility that has credentials. */
    public static Map<MeterKind, UtilitySource> create(Vertx vertx, WebClient web, UtilityConfig cfg, RetryPolicy policy,
                                                       Clock clock) {
        Map<MeterKind, UtilitySource> out = new EnumMap<>(MeterKind.class);
        if (cfg.grdf().configured()) {
            UtilityConfig.Grdf g = cfg.grdf();
            out.put(MeterKind.GAZPAR, new GrdfClient(vertx, web, new GrdfClient.Settings(g.apiUrl(), g.tokenUrl(), g.clientId(),
                    g.secret(), null), policy, clock));
        }
        if (cfg.enedis().configured()) {
            UtilityConfig.Enedis e = cfg.enedis();
            out.put(MeterKind.ENEDIS_API, new EnedisClient(vertx, web, new EnedisClient.Settings(e.apiUrl(), e.tokenUrl(), e.clientId(),
                    e.secret(), e.api(), e.loadCurve(), null), policy, clock));
        }
        if (cfg.teleo().configured()) {
            UtilityConfig.Teleo t = cfg.teleo();
            out.put(MeterKind.TELEO, new TeleoClient(vertx, web, new TeleoClient.Settings(t.authUrl(), t.apiUrl(), t.clientId(),
                    t.redirectUri(), t.username(), t.secret(), null), policy, clock));
        }
        return out;
    }
}
