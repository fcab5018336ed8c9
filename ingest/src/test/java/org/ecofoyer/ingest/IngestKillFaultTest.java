package org.ecofoyer.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingest process SIGKILLed while batches are in flight, on the fault harness: production decoder, default
 * downsampling (so the kill also takes the values it held back), undated historique frames (so a redelivered frame
 * is stamped anew: the way doubles really happen), a durable PostgreSQL. A replacement with the same identity takes
 * the session over; every publication the broker acknowledged is stored once, and each meter ends at its last value.
 */
class IngestKillFaultTest {
    private static final int METERS = 20;

    @TempDir
    Path tmp;

    @Test
    void aKilledIngestProcessLosesAndDoublesNothingAcknowledged() throws Exception {
        String url = TestEnv.require("ECO_TEST_MQTT_URL");
        try (FaultHarness h = FaultHarness.start(METERS, tmp)) {
            String clientId = "kill-" + UUID.randomUUID();
            String group = "g" + UUID.randomUUID();
            IngestProcess first = h.ingestProcess(url, clientId, group);
            TestPublisher pub = h.publisher(url);
            for (long n = 0; n < 400; n++) {
                h.fleet.publish(pub, n);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> first.health().received() >= 400);
            // A burst the broker acknowledges, then the kill at once: part of it received and batched or held by
            // downsampling, not acknowledged, part still at the broker.
            // Nothing is published after the kill: each meter's last values are among what the kill hit, so a kill that
            // lost acknowledged work (or held values) shows as a meter that does not end at its last publication.
            long total = 3000;
            long beforeKill = total;
            for (long n = 400; n < beforeKill; n++) {
                h.fleet.publish(pub, n);
            }
            IngestProcess.Health atKill = first.health();
            first.kill();
            System.out.println("ingest killed at " + atKill + " after " + beforeKill + " publications");
            assertThat(beforeKill - atKill.acknowledged()).as("publications acknowledged by the broker, not yet by ingest,"
                    + " at the kill (log " + first.log() + ")").isPositive();
            assertThat(atKill.pendingAcks()).as("messages ingest held unacknowledged when killed").isPositive();

            IngestProcess second = h.ingestProcess(url, clientId, group);
            // the queue comes at once on reconnection: received stops growing once the whole of it is in
            java.util.concurrent.atomic.AtomicLong last = new java.util.concurrent.atomic.AtomicLong(-1);
            await().atMost(Duration.ofSeconds(120)).during(Duration.ofSeconds(2)).until(() -> {
                long r = second.health().received();
                return r > 0 && r == last.getAndSet(r); // what the first left unacknowledged, then quiet
            });
            IngestProcess.Health drained = second.health();
            second.stop(); // the orderly stop writes what downsampling holds
            // A message committed but not yet acknowledged at the kill comes again and, undated, is stamped anew: the
            // replacement, which has not seen the meter, recognises its values among the store's recent ones.
            System.out.println("replacement drained: " + drained + "; " + drained.redeliveriesRecognised()
                    + " redelivered message(s) recognised (committed before the kill, acknowledgement lost with it)");
            assertThat(StoredIndex.problems(h.db.dataSource(), h.fleet, total)).isEmpty();
        }
    }
}
