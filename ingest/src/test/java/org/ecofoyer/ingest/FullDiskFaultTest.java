package org.ecofoyer.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL's data directory on a small filesystem the test fills up under load: the writer cannot commit, counts and
 * logs the outage, acknowledges nothing, so what arrives stays at the broker (unacknowledged); once space is freed it
 * resumes by itself and every publication is stored once.
 */
class FullDiskFaultTest {
    private static final int METERS = 20;

    @TempDir
    Path tmp;

    @Test
    void aFullDiskUnderPostgresHoldsDataAtTheBrokerAndIngestResumesWhenSpaceIsFreed() throws Exception {
        String url = TestEnv.require("ECO_TEST_MQTT_URL");
        try (SmallFilesystem disk = SmallFilesystem.mount(tmp.resolve("disk"), "160m");
             FaultHarness h = FaultHarness.start(METERS, tmp.resolve("disk"))) {
            // The burst published onto the full disk leaves each meter's last values held by downsampling, written
            // when the meter has been quiet for the idle flush: with the production 2 minutes that first write after
            // the fill (the one the full disk refuses) would come after this test's wait, with 10 s well within it.
            IngestService ingest = h.ingest(url, "disk-" + UUID.randomUUID(), "g" + UUID.randomUUID(), Duration.ofSeconds(10));
            try {
                TestPublisher pub = h.publisher(url);
                long total = 3000;
                for (long n = 0; n < 400; n++) {
                    h.fleet.publish(pub, n);
                }
                // downsampling writes a meter's first values at its slot in the minute, or at the idle flush
                await().atMost(Duration.ofSeconds(120)).until(() -> ingest.metrics().stored() > 0);

                long ballast = disk.fill();
                // The next WAL segment needs room: switching to it now makes the very next commit need the space.
                try (Connection c = h.db.dataSource().getConnection(); Statement st = c.createStatement()) {
                    st.execute("SELECT pg_switch_wal()");
                } catch (java.sql.SQLException e) {
                    System.out.println("WAL switch on a full disk: " + e.getMessage());
                }
                for (long n = 400; n < total; n++) {
                    h.fleet.publish(pub, n); // the broker takes them while the disk is full
                }
                System.out.println("disk filled with " + ballast / 1024 + " kB of ballast");
                await().atMost(Duration.ofSeconds(120)).until(() -> !ingest.writer().databaseUp());
                assertThat(ingest.metrics().registry().get("ingest.database.outages").counter().count()).isPositive();
                double storedWhileFull = ingest.metrics().stored();
                // what has rows to write stays unacknowledged, at the broker (frames downsampling thins out carry none:
                // they are acknowledged at once, so the count is the messages with kept or held values)
                await().atMost(Duration.ofSeconds(30)).until(() -> ingest.mqtt().health().getLong("pending_acks") > 0);
                System.out.println("while the disk is full: " + ingest.mqtt().health().encode());
                assertThat(ingest.metrics().stored()).as("nothing committed while the disk is full").isEqualTo(storedWhileFull);

                disk.free();
                long freedAt = System.nanoTime();
                // PostgreSQL stops itself when it cannot write its WAL (a PANIC, then a failed crash recovery): its
                // service manager starts it again, which this test does in its place; ingest needs no one.
                java.util.concurrent.atomic.AtomicBoolean restarted = new java.util.concurrent.atomic.AtomicBoolean();
                await().atMost(Duration.ofSeconds(120)).ignoreExceptions().until(() -> {
                    if (h.pg.restartIfExited()) {
                        restarted.set(true);
                    }
                    return ingest.writer().databaseUp();
                });
                System.out.println("PostgreSQL " + (restarted.get() ? "had exited on the full disk and was started again"
                        : "stayed up through the full disk"));
                System.out.println("writing resumed " + (System.nanoTime() - freedAt) / 1_000_000 + " ms after space was freed");
                await().atMost(Duration.ofSeconds(60)).until(() -> ingest.mqtt().health().getLong("received") >= total);
            } finally {
                ingest.close();
            }
            assertThat(ingest.mqtt().health().getLong("received")).as("nothing delivered twice").isEqualTo(3000);
            assertThat(StoredIndex.problems(h.db.dataSource(), h.fleet, 3000)).isEmpty();
        }
    }
}
