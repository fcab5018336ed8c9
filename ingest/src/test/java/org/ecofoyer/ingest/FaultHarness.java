package org.ecofoyer.ingest;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.ecofoyer.ingest.pipeline.DownsamplingConfig;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.DurablePostgres;
import org.ecofoyer.storage.StorageConfig;

/**
 * The parts every fault test shares, all real: a PostgreSQL of its own with durable settings ({@link DurablePostgres}),
 * a Mosquitto with the test script's settings (the script's own, or a private {@link TestBroker} the test can kill),
 * a fleet of Linky meters publishing realistic undated historique frames ({@link LinkyFleet}), and ingest as production
 * runs it — {@link IngestService} with the production decoder and default downsampling — in this JVM or in a process
 * of its own ({@link IngestProcess}) when it is to be killed. Every ingest reads a clock set on the test's fixed date
 * ({@link #T0}), never the wall date. {@link StoredIndex} reads the outcome.
 */
public final class FaultHarness implements AutoCloseable {
    /** The date the ingest clocks show when the test starts: a fixed morning, far from midnight and any DST change. */
    public static final Instant T0 = Instant.parse("2026-03-03T10:00:05Z");

    public final DurablePostgres pg;
    public final String jdbcUrl;
    /** The test's own view of the store (production pool timeouts: it rides out the faults like ingest does). */
    public final Database db;
    public final LinkyFleet fleet;
    private final Duration clockOffset;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    private FaultHarness(DurablePostgres pg, int meters) {
        this.pg = pg;
        this.clockOffset = Duration.between(Instant.now(), T0);
        this.jdbcUrl = pg.createDatabase("faults");
        this.db = Database.open(new StorageConfig(jdbcUrl, "postgres", null, 4, null, null), null);
        db.migrate();
        this.fleet = new LinkyFleet("ecofoyer/gw/f" + UUID.randomUUID().toString().substring(0, 8), meters);
        for (int i = 0; i < meters; i++) {
            TestMeters.addMeter(db.dataSource(), LinkyFleet.meter(i));
        }
    }

    /** A fleet of {@code meters} and a durable PostgreSQL whose data directory is made in {@code pgParent}. */
    public static FaultHarness start(int meters, Path pgParent) {
        DurablePostgres pg = DurablePostgres.start(pgParent);
        try {
            return new FaultHarness(pg, meters);
        } catch (RuntimeException e) {
            pg.close();
            throw e;
        }
    }

    /** The clock every ingest of this harness reads: the system clock moved onto the test's date. */
    public Clock clock() {
        return Clock.offset(Clock.systemUTC(), clockOffset);
    }

    public <T extends AutoCloseable> T closeLater(T c) {
        toClose.add(c);
        return c;
    }

    /** Ingest in this JVM, subscribed (production decoder, default downsampling). */
    public IngestService ingest(String mqttUrl, String clientId, String group) {
        return ingest(mqttUrl, clientId, group, DownsamplingConfig.DEFAULTS);
    }

    /**
     * Ingest in this JVM with default downsampling but for its idle flush: a quiet meter's held values (the last of a
     * burst nothing follows) are written after {@code idleFlush} instead of 2 minutes. A test whose fault must hit
     * those values in flight — received, not committed, not acknowledged — needs the writer to try them within its wait.
     */
    public IngestService ingest(String mqttUrl, String clientId, String group, Duration idleFlush) {
        // These tests take the database away (a crash, a full disk) for about 20 s on a busy machine: with the default
        // lease (30 s) the lone instance would fence itself at 20 s (failover, tested by SessionFailoverTest) and the
        // broker would rightly send again what it had in flight, which is not the fault these tests are about.
        return ingest(mqttUrl, clientId, group, new DownsamplingConfig(null, null, null, null, idleFlush, null), OUTAGE_LEASE);
    }

    /** A lease that outlasts the database outages of the crash and full-disk tests (its fence at two thirds: 80 s). */
    private static final Duration OUTAGE_LEASE = Duration.ofSeconds(120);

    private IngestService ingest(String mqttUrl, String clientId, String group, DownsamplingConfig downsampling) {
        return ingest(mqttUrl, clientId, group, downsampling, null);
    }

    private IngestService ingest(String mqttUrl, String clientId, String group, DownsamplingConfig downsampling, Duration lease) {
        var mqtt = IngestHarness.mqtt(mqttUrl, clientId, group, fleet.prefix() + "/#");
        IngestConfig config = IngestConfig.DEFAULTS.withMqtt(lease == null ? mqtt : mqtt.withLeaseTtl(lease))
                .withGateways(fleet.gateways()).withDownsampling(downsampling);
        IngestService s = IngestService.start(config, db.dataSource(), null, new SimpleMeterRegistry(), 400, clock());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(s.mqtt()::isConnected);
        return s;
    }

    /** Ingest in a process of its own, subscribed. */
    public IngestProcess ingestProcess(String mqttUrl, String clientId, String group) {
        return closeLater(IngestProcess.start(jdbcUrl, mqttUrl, clientId, group, fleet, clockOffset));
    }

    public TestPublisher publisher(String mqttUrl) throws Exception {
        return closeLater(new TestPublisher(mqttUrl));
    }

    @Override
    public void close() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        db.close();
        pg.close();
    }
}
