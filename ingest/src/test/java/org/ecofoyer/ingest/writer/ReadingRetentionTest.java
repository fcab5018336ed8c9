package org.ecofoyer.ingest.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ecofoyer.ingest.TestMeters.addMeter;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ecofoyer.drivers.Reading;
import org.ecofoyer.ingest.IngestMetrics;
import org.ecofoyer.ingest.TestMeters;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.TestDatabases;
import org.junit.jupiter.api.Test;

class ReadingRetentionTest {
    @Test
    void rawReadingsOlderThanTheRetentionAreDeletedAndTheOthersKept() throws Exception {
        try (Database db = TestDatabases.newMigratedDatabase();
             ReadingWriter writer = new ReadingWriter(db.dataSource(), WriterConfig.DEFAULTS, IngestMetrics.inMemory()).start()) {
            addMeter(db.dataSource(), "M1");
            Instant now = Instant.now();
            writer.submit(List.of(new Reading("M1", now.minus(Duration.ofDays(401)), "index.total", 1),
                    new Reading("M1", now.minus(Duration.ofDays(399)), "index.total", 2),
                    new Reading("M1", now, "index.total", 3))).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);

            long removed = new ReadingRetention(db.dataSource(), 400).run();

            assertThat(removed).isEqualTo(1);
            assertThat(TestMeters.rows(db.dataSource(), "M1")).extracting(r -> r.substring(r.indexOf('=') + 1)).containsExactly("2", "3");
        }
    }
}
