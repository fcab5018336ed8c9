package org.ecofoyer.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL's postmaster SIGKILLed under load, with durable settings, on the fault harness: ingest sees the database
 * go, holds its unacknowledged messages at the broker, and resumes by itself once PostgreSQL has run its crash
 * recovery; every row committed before the crash is still there, each meter ends at its last publication, no
 * publication is stored twice.
 */
class DatabaseCrashFaultTest {
    private static final int METERS = 20;
    private static final Duration IDLE_FLUSH = Duration.ofSeconds(10);

    @TempDir
    Path tmp;

    @Test
    void aPostmasterKilledUnderLoadLosesNothingCommittedAndIngestResumesByItself() throws Exception {
        String url = TestEnv.require("ECO_TEST_MQTT_URL");
        try (FaultHarness h = FaultHarness.start(METERS, tmp)) {
            assertThat(List.of(h.pg.setting("fsync"), h.pg.setting("synchronous_commit"), h.pg.setting("full_page_writes")))
                    .containsOnly("on");
            // Ingest takes a burst in within a second or so; what it still works on after that is what downsampling
            // holds (each meter's last values: received, not committed, not acknowledged), written when the meter has
            // been quiet for the idle flush. With the production 2 minutes the writer would not touch the database
            // within this test's waits, so nothing would notice the crash; 10 s keeps the kill before that write and
            // makes that write the one the crash hits.
            IngestService ingest = h.ingest(url, "pgkill-" + UUID.randomUUID(), "g" + UUID.randomUUID(), IDLE_FLUSH);
            TestPublisher pub = h.publisher(url);
            // A burst, then the kill while ingest still works on it, and nothing published after: each meter's last
            // values are among what the crash hit, so an acknowledgement given before its commit shows as a meter that
            // does not end at its last publication.
            long total = 3000;
            for (long n = 0; n < total; n++) {
                h.fleet.publish(pub, n);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> ingest.metrics().stored() > 0);

            List<String> committed = StoredIndex.rows(h.db.dataSource());
            var atKill = ingest.mqtt().health();
            h.pg.kill();
            long killedAt = System.nanoTime();
            System.out.println("postmaster killed at " + atKill.encode() + ", " + committed.size() + " rows committed");
            assertThat(atKill.getLong("pending_acks")).as("messages received, not yet committed and acknowledged, at the kill")
                    .isPositive();
            await().atMost(Duration.ofSeconds(30)).until(() -> !ingest.writer().databaseUp());

            h.pg.startAgain(); // crash recovery from the WAL
            System.out.println("PostgreSQL back after crash recovery " + (System.nanoTime() - killedAt) / 1_000_000 + " ms after the kill");
            await().atMost(Duration.ofSeconds(60)).until(() -> ingest.writer().databaseUp());
            await().atMost(Duration.ofSeconds(60)).until(() -> ingest.mqtt().health().getLong("received") >= total);
            assertThat(ingest.metrics().registry().get("ingest.database.outages").counter().count()).isEqualTo(1);
            ingest.close(); // the orderly stop writes what downsampling holds

            assertThat(StoredIndex.rows(h.db.dataSource())).as("rows committed before the crash survive it").containsAll(committed);
            assertThat(ingest.mqtt().health().getLong("received")).as("nothing received twice: nothing was acknowledged"
                    + " that was not committed, nothing committed left unacknowledged").isEqualTo(total);
            assertThat(StoredIndex.problems(h.db.dataSource(), h.fleet, total)).isEmpty();
        }
    }
}
