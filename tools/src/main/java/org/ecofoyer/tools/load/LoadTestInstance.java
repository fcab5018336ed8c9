package org.ecofoyer.tools.load;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.ecofoyer.drivers.gateway.GatewayFormat;
import org.ecofoyer.ingest.IngestConfig;
import org.ecofoyer.ingest.IngestService;
import org.ecofoyer.ingest.source.MqttConfig;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.ShutdownSequence;
import org.ecofoyer.storage.StorageConfig;

/**
 * One ingest instance of {@code loadtest --instances N}, in a process of its own so that the load test can SIGKILL
 * it: {@link IngestService} as {@code serve} runs it (default writer and downsampling settings), on the load test's
 * gateways, in a shared subscription group.
 * {@code LoadTestInstance JDBC_URL DB_USER DB_PASSWORD|- MQTT_URL MQTT_USER|- MQTT_PASSWORD|- CLIENT_ID GROUP GATEWAYS FORMAT}.
 * Prints {@code READY} once subscribed, then every 200 ms {@code HEALTH received acknowledged pending_acks queued_readings
 * adopting adopting_received adopted_sessions adopted_messages}: its own session's counters, the writer's queue, and
 * the failover's (the client id whose session it is draining, or {@code -}; what that adoption received so far; the
 * sessions it drained and ended, and their messages). SIGTERM runs the orderly stop, then the process exits.
 */
public final class LoadTestInstance {
    private LoadTestInstance() {
    }

    private static String opt(String s) {
        return "-".equals(s) ? null : s;
    }

    public static void main(String[] a) throws Exception {
        Database db = Database.open(new StorageConfig(a[0], a[1], opt(a[2]), 8, null, null), null);
        GatewayFormat format = GatewayFormat.parse(a[9]);
        var gateways = LoadTest.gateways(Integer.parseInt(a[8]), format);
        String filter = gateways.get(0).topic().replace(LoadTest.HOUSEHOLD + "-0", "+");
        MqttConfig mqtt = new MqttConfig(a[3], opt(a[4]), opt(a[5]), a[6], a[7], List.of(filter), Duration.ofHours(1), 65_535,
                null, null, Duration.ofMillis(200), Duration.ofSeconds(5));
        IngestService ingest = IngestService.start(IngestConfig.DEFAULTS.withMqtt(mqtt).withGateways(gateways), db.dataSource(),
                null, new SimpleMeterRegistry(), 400);
        // SIGTERM: the process's one shutdown sequence stops ingest (held values written, acknowledged) before the
        // database it registered earlier; a hook of our own would race it
        ShutdownSequence.add("ingest", ingest::close);
        while (!ingest.mqtt().isConnected()) {
            Thread.sleep(20); // polling the connection state before announcing it
        }
        System.out.println("READY");
        while (true) {
            var h = ingest.mqtt().health();
            var f = ingest.failover().health();
            System.out.println("HEALTH " + h.getLong("received") + " " + h.getLong("acknowledged") + " " + h.getLong("pending_acks")
                    + " " + ingest.writer().queuedReadings() + " " + (f.getString("adopting") == null ? "-" : f.getString("adopting"))
                    + " " + f.getLong("adopting_received") + " " + f.getLong("adopted_sessions") + " " + f.getLong("adopted_messages"));
            System.out.flush();
            Thread.sleep(200); // the reporting period
        }
    }
}
