package org.ecofoyer.ingest.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.ecofoyer.drivers.Reading;
import org.ecofoyer.ingest.IngestMetrics;
import org.ecofoyer.ingest.TestMeters;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A transaction that waits on the database longer than the stall timeout is reported as the database down while it
 * waits (health and metric), though no error has come back yet; and up again once it commits.
 */
class WriterStallTest {
    private Database db;
    private ReadingWriter writer;
    private IngestMetrics metrics;

    @BeforeEach
    void setUp() {
        db = TestDatabases.newMigratedDatabase();
        TestMeters.addMeter(db.dataSource(), "M1");
        metrics = IngestMetrics.inMemory();
        writer = new ReadingWriter(db.dataSource(), new WriterConfig(10, Duration.ofMillis(10), 100, 1, null, null,
                Duration.ofSeconds(1)), metrics).start();
    }

    @AfterEach
    void tearDown() {
        writer.close();
        db.close();
    }

    @Test
    void aTransactionWaitingLongerThanTheStallTimeoutReportsTheDatabaseDownUntilItCommits() throws Exception {
        Future<WriteResult> written;
        long start;
        try (Connection blocker = db.dataSource().getConnection(); Statement st = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            st.execute("LOCK TABLE reading IN ACCESS EXCLUSIVE MODE"); // the writer's insert waits behind it
            start = System.nanoTime();
            written = writer.submit(List.of(new Reading("M1", Instant.parse("2026-03-01T10:00:00Z"), "index.total", 7)));

            await().atMost(Duration.ofSeconds(10)).until(() -> !writer.databaseUp());
            assertThat(System.nanoTime() - start).as("not before the stall timeout").isGreaterThan(Duration.ofSeconds(1).toNanos());
            assertThat(metrics.registry().find("ingest.database.up").gauge().value()).isZero();
            assertThat(writer.outageSince()).isPositive();
            assertThat(written.isComplete()).isFalse();
            blocker.rollback();
        }
        await().atMost(Duration.ofSeconds(10)).until(written::isComplete);
        assertThat(written.succeeded()).isTrue();
        assertThat(writer.databaseUp()).isTrue();
        assertThat(metrics.registry().find("ingest.database.up").gauge().value()).isOne();
        assertThat(writer.outageSince()).isZero();
    }
}
