package org.ecofoyer.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.ecofoyer.drivers.gateway.GatewayFormat;
import org.ecofoyer.gateway.GatewayConfig;
import org.ecofoyer.ingest.pipeline.DownsamplingConfig;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.StorageConfig;

/**
 * The ingest pipeline as a separate process, for the SIGKILL test: {@code IngestChild JDBC_URL MQTT_URL CLIENT_ID GROUP
 * TOPIC_PREFIX GATEWAYS [LEASE_TTL_MS CLOCK_START_EPOCH_MS]}. Gateway {@code i} publishes on {@code TOPIC_PREFIX/i}
 * for meter {@code G<i>}. With the last two, it runs the session failover with that lease and a {@link TickingClock}
 * from that start (reception stamps). With failover, prints from the start, every 50 ms, {@code HEALTH connected fenced
 * adopting adopting_received adopting_pending adopted_sessions adoptions_given_up received} ({@link FailoverChild}
 * reads it); prints READY once subscribed, then runs until killed.
 */
public final class IngestChild {
    private IngestChild() {
    }

    public static void main(String[] args) throws Exception {
        Database db = Database.open(new StorageConfig(args[0], "postgres", null, 4, null, Duration.ofSeconds(5)), null);
        List<GatewayConfig> gateways = new ArrayList<>();
        for (int i = 0; i < Integer.parseInt(args[5]); i++) {
            gateways.add(new GatewayConfig(args[4] + "/" + i, "G" + i, "G" + i, GatewayFormat.RAW));
        }
        org.ecofoyer.ingest.source.MqttConfig mqtt = IngestHarness.mqtt(args[1], args[2], args[3], args[4] + "/#");
        IngestHarness ingest = args.length > 6
                ? new IngestHarness(db.dataSource(), mqtt.withLeaseTtl(Duration.ofMillis(Long.parseLong(args[6]))), gateways,
                        new LineDecoder(), DownsamplingConfig.OFF, new TickingClock(java.time.Instant.ofEpochMilli(Long.parseLong(args[7]))),
                        IngestHarness.writerConfig())
                : new IngestHarness(db.dataSource(), mqtt, gateways, new LineDecoder(), DownsamplingConfig.OFF);
        boolean ready = false;
        while (true) {
            if (!ready && ingest.mqtt.isConnected()) {
                ready = true;
                System.out.println("READY");
            }
            if (ingest.failover != null) {
                var f = ingest.failover.health();
                System.out.println("HEALTH " + ingest.mqtt.isConnected() + " " + f.getBoolean("fenced") + " "
                        + (f.getString("adopting") == null ? "-" : f.getString("adopting")) + " " + f.getLong("adopting_received")
                        + " " + f.getLong("adopting_pending") + " " + f.getLong("adopted_sessions") + " "
                        + f.getLong("adoptions_given_up") + " " + ingest.mqtt.health().getLong("received"));
            }
            System.out.flush();
            Thread.sleep(ingest.failover != null || !ready ? 50 : 60_000); // the reporting period
        }
    }
}
