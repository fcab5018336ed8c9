package org.ecofoyer.ingest;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.ecofoyer.ingest.pipeline.DownsamplingConfig;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.ShutdownSequence;
import org.ecofoyer.storage.StorageConfig;

/**
 * Ingest as production runs it, in a process of its own so that a test can SIGKILL it: {@link IngestService} (the
 * production TIC decoder, default downsampling, the production pool timeouts) for a {@link LinkyFleet}.
 * {@code FaultIngestChild JDBC_URL MQTT_URL CLIENT_ID GROUP TOPIC_PREFIX METERS CLOCK_OFFSET_MS}: the clock is the
 * system clock moved by the offset (the test's fixed date, never the wall date). Prints {@code READY} once subscribed,
 * then its MQTT health every 50 ms ({@code HEALTH received acknowledged pending_acks redeliveries_recognised}); SIGTERM runs the orderly stop,
 * then the process exits.
 */
public final class FaultIngestChild {
    private FaultIngestChild() {
    }

    public static void main(String[] args) throws Exception {
        Database db = Database.open(new StorageConfig(args[0], "postgres", null, 4, null, null), null);
        LinkyFleet fleet = new LinkyFleet(args[4], Integer.parseInt(args[5]));
        Clock clock = Clock.offset(Clock.systemUTC(), Duration.ofMillis(Long.parseLong(args[6])));
        IngestConfig config = IngestConfig.DEFAULTS.withMqtt(IngestHarness.mqtt(args[1], args[2], args[3], args[4] + "/#"))
                .withGateways(fleet.gateways()).withDownsampling(DownsamplingConfig.DEFAULTS);
        IngestService ingest = IngestService.start(config, db.dataSource(), null, new SimpleMeterRegistry(), 400, clock);
        // SIGTERM: the process's one shutdown sequence stops ingest (held values written, acknowledged) before the
        // database it registered earlier; a hook of our own would race it
        ShutdownSequence.add("ingest", ingest::close);
        while (!ingest.mqtt().isConnected()) {
            Thread.sleep(20); // polling the connection state before announcing it, not synchronising with the test
        }
        System.out.println("READY");
        while (true) {
            var h = ingest.mqtt().health();
            System.out.println("HEALTH " + h.getLong("received") + " " + h.getLong("acknowledged") + " " + h.getLong("pending_acks")
                    + " " + h.getLong("redeliveries_recognised"));
            System.out.flush();
            Thread.sleep(50); // the reporting period of the health line
        }
    }
}
