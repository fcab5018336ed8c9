package org.ecofoyer.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.ecofoyer.ingest.LineDecoder.line;
import static org.ecofoyer.ingest.TestMeters.addMeter;
import static org.ecofoyer.ingest.TestMeters.count;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.ecofoyer.drivers.gateway.GatewayFormat;
import org.ecofoyer.gateway.GatewayConfig;
import org.ecofoyer.ingest.pipeline.DownsamplingConfig;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.StorageConfig;
import org.ecofoyer.storage.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * At least once with an exactly-once effect, through real failures: a shared subscription, a broker restart, the
 * database stopped for 30 s under load. Every message the broker acknowledged to a gateway must end up stored exactly
 * once. The crashes (ingest, broker and PostgreSQL SIGKILLed, a full disk) run on the shared {@link FaultHarness}.
 */
class DeliveryGuaranteesTest {
    private static final long T0 = 1_772_000_000L;
    private static final int GATEWAYS = 10;
    private String prefix;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void setUp() {
        prefix = "ecofoyer/gw/d" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private <T extends AutoCloseable> T closeLater(T c) {
        toClose.add(c);
        return c;
    }

    private static void addGatewayMeters(javax.sql.DataSource ds) {
        for (int g = 0; g < GATEWAYS; g++) {
            addMeter(ds, "G" + g);
        }
    }

    private List<GatewayConfig> gateways() {
        List<GatewayConfig> gws = new ArrayList<>();
        for (int g = 0; g < GATEWAYS; g++) {
            gws.add(new GatewayConfig(prefix + "/" + g, "G" + g, "G" + g, GatewayFormat.RAW));
        }
        return gws;
    }

    /** Message {@code n} comes from gateway {@code n % GATEWAYS} with a distinct instant and value. */
    private void publish(TestPublisher pub, int n) throws InterruptedException {
        int g = n % GATEWAYS;
        pub.publishSurely(prefix + "/" + g, line("G" + g, T0 + n, n));
    }

    private static long stored(javax.sql.DataSource ds) {
        return count(ds, "SELECT count(*) FROM reading");
    }

    /** Every message 0..n-1 is there once, with its own value: nothing lost, nothing doubled, nothing mixed up. */
    private static void assertExactlyOnce(javax.sql.DataSource ds, int n) {
        assertThat(stored(ds)).isEqualTo(n);
        assertThat(count(ds, "SELECT count(*) FROM reading r JOIN meter m ON m.id = r.meter_id"
                + " WHERE r.value = extract(epoch FROM r.instant)::bigint - " + T0
                + " AND m.code = 'G' || (r.value % " + GATEWAYS + ")")).isEqualTo(n);
    }

    private IngestHarness ingest(javax.sql.DataSource ds, String url, String clientId, String group) {
        return new IngestHarness(ds, IngestHarness.mqtt(url, clientId, group, prefix + "/#"), gateways(), new LineDecoder(),
                DownsamplingConfig.OFF);
    }

    @Test
    void twoInstancesOnOneSharedSubscriptionStoreEveryMessageOnce() throws Exception {
        String url = TestEnv.require("ECO_TEST_MQTT_URL");
        Database db = closeLater(TestDatabases.newMigratedDatabase());
        addGatewayMeters(db.dataSource());
        String group = "g" + UUID.randomUUID();
        IngestHarness a = closeLater(ingest(db.dataSource(), url, "a-" + UUID.randomUUID(), group));
        IngestHarness b = closeLater(ingest(db.dataSource(), url, "b-" + UUID.randomUUID(), group));
        await().atMost(Duration.ofSeconds(20)).until(() -> a.mqtt.isConnected() && b.mqtt.isConnected());
        TestPublisher pub = closeLater(new TestPublisher(url));
        for (int n = 0; n < 2000; n++) {
            publish(pub, n);
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> stored(db.dataSource()) == 2000);
        assertExactlyOnce(db.dataSource(), 2000);
        long byA = a.mqtt.health().getLong("received");
        long byB = b.mqtt.health().getLong("received");
        assertThat(byA + byB).as("each message went to one instance only").isEqualTo(2000);
        assertThat(byA).isPositive();
        assertThat(byB).isPositive();
    }

    @Test
    void aBrokerRestartLosesNothingPublishedWhileTheSubscriberWasAway() throws Exception {
        TestBroker broker = closeLater(new TestBroker(TestEnv.require("ECO_TEST_MOSQUITTO_BIN")).start());
        Database db = closeLater(TestDatabases.newMigratedDatabase());
        addGatewayMeters(db.dataSource());
        IngestHarness ingest = closeLater(ingest(db.dataSource(), broker.url(), "r-" + UUID.randomUUID(), "g" + UUID.randomUUID()));
        await().atMost(Duration.ofSeconds(20)).until(ingest.mqtt::isConnected);
        TestPublisher pub = closeLater(new TestPublisher(broker.url()));
        for (int n = 0; n < 500; n++) {
            publish(pub, n);
        }
        broker.stop();
        await().atMost(Duration.ofSeconds(10)).until(() -> !ingest.mqtt.isConnected());
        broker.start();
        for (int n = 500; n < 1000; n++) {
            publish(pub, n); // the publisher reconnects at once; the subscriber is still backing off
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> stored(db.dataSource()) == 1000);
        assertExactlyOnce(db.dataSource(), 1000);
        assertThat(ingest.mqtt.isConnected()).isTrue();
    }

    @Test
    void theDatabaseStoppedForThirtySecondsUnderLoadLosesAndDoublesNothingAndIngestResumesByItself() throws Exception {
        String url = TestEnv.require("ECO_TEST_MQTT_URL");
        Path dir = Files.createTempDirectory("ecofoyer-outage-pg");
        toClose.add(() -> deleteTree(dir)); // closed last, once the server is stopped
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        EmbeddedPostgres[] pg = {startPostgres(dir, port)};
        toClose.add(() -> {
            if (pg[0] != null) {
                pg[0].close();
            }
        });
        try (Connection c = pg[0].getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE outage");
        }
        Database db = closeLater(Database.open(new StorageConfig(pg[0].getJdbcUrl("postgres", "outage"), "postgres", null, 4,
                null, Duration.ofSeconds(1)), null));
        db.migrate();
        addGatewayMeters(db.dataSource());
        IngestHarness ingest = closeLater(ingest(db.dataSource(), url, "o-" + UUID.randomUUID(), "g" + UUID.randomUUID()));
        await().atMost(Duration.ofSeconds(20)).until(ingest.mqtt::isConnected);
        TestPublisher pub = closeLater(new TestPublisher(url));

        int total = 3600; // 100 messages/s for 36 s
        AtomicInteger published = new AtomicInteger();
        CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
            long start = System.nanoTime();
            for (int n = 0; n < total; n++) {
                long due = start + n * 10_000_000L;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait); // pacing the load, not synchronising
                }
                try {
                    publish(pub, n);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                published.incrementAndGet();
            }
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> published.get() >= 300);
        pg[0].close(); // the database goes away under load...
        pg[0] = null;
        long stoppedAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(20)).until(() -> !ingest.writer.databaseUp());
        await().pollDelay(Duration.ofSeconds(30).minusNanos(System.nanoTime() - stoppedAt)).atMost(Duration.ofSeconds(31)).until(() -> true);
        pg[0] = startPostgres(dir, port); // ...and comes back 30 s later
        load.get(60, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> stored(db.dataSource()) == total);
        assertExactlyOnce(db.dataSource(), total);
        await().atMost(Duration.ofSeconds(10)).until(ingest.writer::databaseUp);
        assertThat(ingest.metrics.registry().get("ingest.database.outages").counter().count()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> ingest.mqtt.health().getLong("pending_acks") == 0);
    }

    private static EmbeddedPostgres startPostgres(Path dir, int port) throws Exception {
        return EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false).setPort(port)
                .setServerConfig("listen_addresses", "127.0.0.1").setServerConfig("fsync", "off")
                .setPGStartupWait(Duration.ofSeconds(60)).start();
    }
}
