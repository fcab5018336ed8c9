package org.ecofoyer.ingest.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.ecofoyer.drivers.Reading;
import org.ecofoyer.ingest.IngestMetrics;
import org.ecofoyer.ingest.StallingProxy;
import org.ecofoyer.ingest.TestMeters;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.StorageConfig;
import org.ecofoyer.storage.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A database that goes silent (a partition: no RST, no FIN) under load, with the production pool settings
 * ({@link StorageConfig#DEFAULTS}' timeouts): the writer reports the database down within 30 s, acknowledges nothing it
 * has not committed, and once the network heals stores every submitted reading exactly once.
 */
class DatabasePartitionTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Pattern HOST_PORT = Pattern.compile("^jdbc:postgresql://([^:/]+):(\\d+)/");

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private <T extends AutoCloseable> T closeLater(T c) {
        toClose.add(c);
        return c;
    }

    @Test
    void aSilentDatabaseIsReportedDownWithin30SecondsAndNothingIsLostOrDoubledWhenItHeals() throws Exception {
        String directUrl = TestDatabases.newEmptyDatabaseUrl();
        Matcher m = HOST_PORT.matcher(directUrl);
        assertThat(m.find()).isTrue();
        StallingProxy proxy = closeLater(new StallingProxy(m.group(1), Integer.parseInt(m.group(2))));
        String proxiedUrl = m.replaceFirst("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/");

        Database direct = closeLater(Database.open(new StorageConfig(directUrl, "postgres", null, 2, null, null), null));
        StorageConfig production = new StorageConfig(proxiedUrl, "postgres", null, 4, null, null);
        assertThat(production.socketTimeout()).isEqualTo(StorageConfig.DEFAULTS.socketTimeout());
        Database proxied = closeLater(Database.open(production, null));
        proxied.migrate();
        TestMeters.addMeter(direct.dataSource(), "M1");

        IngestMetrics metrics = IngestMetrics.inMemory();
        ReadingWriter writer = closeLater(new ReadingWriter(proxied.dataSource(),
                new WriterConfig(50, Duration.ofMillis(20), 20_000, 2, null, Duration.ofSeconds(1)), metrics).start());

        // The load: one reading per submission, value = its sequence number; at most 500 unacknowledged at a time.
        Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        ConcurrentLinkedQueue<Long> ackTimes = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicLong submitted = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        Semaphore window = new Semaphore(500);
        Thread load = new Thread(() -> {
            while (!stop.get()) {
                try {
                    if (!window.tryAcquire(100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                        continue; // the window is full: look at the stop flag again
                    }
                } catch (InterruptedException e) {
                    return;
                }
                long value = submitted.get();
                writer.submit(List.of(new Reading("M1", T0.plusSeconds(value), "index.total", value))).onComplete(ar -> {
                    if (ar.succeeded()) {
                        acknowledged.add(value);
                        ackTimes.add(System.nanoTime());
                    } else {
                        failures.add(ar.cause());
                    }
                    window.release();
                });
                submitted.incrementAndGet();
            }
        }, "partition-load");
        load.start();
        toClose.add(() -> {
            stop.set(true);
            proxy.heal();
            load.join(60_000);
        });

        await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 2000);
        assertThat(writer.databaseUp()).isTrue();

        proxy.blackHole();
        long holeAt = System.nanoTime();
        long submittedAtHole = submitted.get();
        int ackedAtHole = acknowledged.size();

        await().atMost(Duration.ofSeconds(35)).pollInterval(Duration.ofMillis(100)).until(() -> !writer.databaseUp());
        long detectedMillis = (System.nanoTime() - holeAt) / 1_000_000;
        System.out.println("database partition detected by the writer after " + detectedMillis + " ms");
        assertThat(detectedMillis).as("a silent database is noticed within 30 s (plus 5 s for a loaded machine)")
                .isLessThan(35_000);
        assertThat(metrics.registry().find("ingest.database.up").gauge().value()).isZero();

        // And the driver gives the silent connection up (its read timeout), so the writer retries on another one rather
        // than waiting for the kernel's retransmission timeout (15 min and more).
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> metrics.registry().find("ingest.database.outages").counter().count() >= 1);
        System.out.println("a writer gave its silent connection up after " + (System.nanoTime() - holeAt) / 1_000_000 + " ms");

        // The fault hit work in flight: a writer had sent a statement the hole swallowed, and submissions made before
        // the hole were still unacknowledged.
        assertThat(proxy.bytesHeld()).as("bytes a writer sent into the hole").isPositive();
        assertThat(submittedAtHole).as("submitted before the hole").isGreaterThan(ackedAtHole);

        // Nothing acknowledged that is not committed: every acknowledged value is in the table (read directly), and
        // nothing is acknowledged once the hole has had a second to swallow what was already on its way back.
        Set<Long> ackedInHole = Set.copyOf(acknowledged);
        assertThat(storedValues(direct.dataSource())).containsAll(ackedInHole);
        long lateAcks = ackTimes.stream().filter(t -> t - holeAt > 1_000_000_000L).count();
        assertThat(lateAcks).as("acknowledgements while the database was unreachable").isZero();

        proxy.heal();
        long healedAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(60)).until(writer::databaseUp);
        System.out.println("writing resumed " + (System.nanoTime() - healedAt) / 1_000_000 + " ms after the network healed");
        long target = submitted.get() + 1000;
        await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= target);
        stop.set(true);
        load.join(30_000);
        long total = submitted.get();
        await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() + failures.size() >= total);

        assertThat(failures).as("no submission fails: the writer retries an outage forever").isEmpty();
        assertThat(acknowledged).hasSize((int) total);
        // Counted by value, not by the table's key: a reading stored twice under two instants would show here.
        assertThat(TestMeters.count(direct.dataSource(), "SELECT count(*) FROM reading")).isEqualTo(total);
        assertThat(TestMeters.count(direct.dataSource(), "SELECT count(DISTINCT value) FROM reading")).isEqualTo(total);
        assertThat(TestMeters.count(direct.dataSource(),
                "SELECT count(*) FROM reading WHERE value >= 0 AND value < ?", total)).isEqualTo(total);
        System.out.println("partition test: " + total + " readings submitted, " + (total - submittedAtHole)
                + " of them after the hole opened, all stored once");
    }

    private static Set<Long> storedValues(DataSource ds) throws Exception {
        Set<Long> out = new java.util.HashSet<>();
        try (var c = ds.getConnection(); var st = c.createStatement(); var rs = st.executeQuery("SELECT value FROM reading")) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }
}
