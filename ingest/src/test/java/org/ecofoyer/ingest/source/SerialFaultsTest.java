package org.ecofoyer.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.ecofoyer.ingest.TestMeters.addMeter;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.ecofoyer.core.TariffOption;
import org.ecofoyer.drivers.tic.TicMode;
import org.ecofoyer.drivers.tic.TicModeSetting;
import org.ecofoyer.ingest.DrivenClock;
import org.ecofoyer.ingest.IngestMetrics;
import org.ecofoyer.ingest.TestEnv;
import org.ecofoyer.ingest.TestMeters;
import org.ecofoyer.ingest.pipeline.DownsamplingConfig;
import org.ecofoyer.ingest.pipeline.ReadingPipeline;
import org.ecofoyer.ingest.writer.ReadingWriter;
import org.ecofoyer.ingest.writer.WriterConfig;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.TestDatabases;
import org.ecofoyer.tools.sim.MeterSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Serial faults on a real pseudo-terminal pair (socat), #19 items 3 and 5: a line that stays open but goes silent is
 * reported (health, metric, one log line) on a driven clock and recovered when frames return; a buffer overflowing
 * behind a stalled database is counted, logged once with context and shown on /health.
 */
class SerialFaultsTest {
    private static final Instant T0 = Instant.parse("2026-02-03T10:00:00Z");
    @TempDir
    Path dir;
    private Process pty;
    private Database db;
    private IngestMetrics metrics;
    private ReadingWriter writer;
    private ReadingPipeline pipeline;
    private SerialSource source;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final MeterSimulator sim = new MeterSimulator(new MeterSimulator.Config(TicMode.STANDARD, TariffOption.BASE, 1, false, 5, 0));

    @BeforeEach
    void setUp() throws Exception {
        String socat = TestEnv.require("ECO_TEST_SOCAT");
        pty = new ProcessBuilder(socat, "pty,raw,echo=0,link=" + dir.resolve("meter"), "pty,raw,echo=0,link=" + dir.resolve("dongle"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("socat.log").toFile()).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(dir.resolve("meter")) && Files.exists(dir.resolve("dongle")));
        db = TestDatabases.newMigratedDatabase();
        addMeter(db.dataSource(), "S1");
        metrics = IngestMetrics.inMemory();
        log.start();
        ((Logger) LoggerFactory.getLogger(SerialSource.class)).addAppender(log);
    }

    @AfterEach
    void tearDown() {
        ((Logger) LoggerFactory.getLogger(SerialSource.class)).detachAppender(log);
        if (source != null) {
            source.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
        if (writer != null) {
            writer.close();
        }
        if (db != null) {
            db.close();
        }
        if (pty != null) {
            pty.destroy();
        }
    }

    private void start(WriterConfig writerConfig, int bufferFrames, DrivenClock clock) {
        writer = new ReadingWriter(db.dataSource(), writerConfig, metrics).start();
        pipeline = new ReadingPipeline(writer, DownsamplingConfig.OFF, Map.of(), null);
        source = new SerialSource(new SerialPortConfig(dir.resolve("dongle").toString(), "S1", TicModeSetting.STANDARD,
                Duration.ofSeconds(60)), pipeline, bufferFrames, clock).startNow();
    }

    private void send(OutputStream meter, int i) throws java.io.IOException {
        meter.write(sim.next(T0.plusSeconds(2L * i)).bytes());
        meter.flush();
    }

    private long logged(String text) {
        return log.list.stream().filter(e -> e.getFormattedMessage().contains(text)).count();
    }

    private double silentGauge() {
        return metrics.registry().get("ingest.serial.silent").tag("port", dir.resolve("dongle").toString()).gauge().value();
    }

    @Test
    void aSilentLineIsReportedOnceAndRecoveredWhenFramesReturn() throws Exception {
        DrivenClock clock = new DrivenClock(T0);
        start(new WriterConfig(100, Duration.ofMillis(20), 1000, 1, null, null), 100, clock);
        try (OutputStream meter = Files.newOutputStream(dir.resolve("meter"))) {
            send(meter, 0);
            send(meter, 1);
            await().atMost(Duration.ofSeconds(20)).until(() -> source.health().getLong("frames") == 2);
            assertThat(source.health().getBoolean("up")).isTrue();

            clock.advance(Duration.ofSeconds(59)); // within the limit: still fine
            await().pollDelay(Duration.ofMillis(1200)).atMost(Duration.ofSeconds(3)).until(() -> true); // two checks pass
            assertThat(source.health().getBoolean("up")).isTrue();
            assertThat(silentGauge()).isZero();

            clock.advance(Duration.ofSeconds(2)); // 61 s without a frame; the port still open
            await().atMost(Duration.ofSeconds(5)).until(() -> !source.health().getBoolean("up"));
            assertThat(source.health().getString("problem")).isEqualTo("no frame for 61 s");
            assertThat(silentGauge()).isOne();
            clock.advance(Duration.ofSeconds(60));
            assertThat(source.health().getString("problem")).isEqualTo("no frame for 121 s");
            await().pollDelay(Duration.ofMillis(1200)).atMost(Duration.ofSeconds(3)).until(() -> true); // more checks pass
            assertThat(logged("no frame for")).as("logged once").isOne();
            assertThat(source.health().getLong("silences")).isOne();

            send(meter, 2);
            await().atMost(Duration.ofSeconds(20)).until(() -> source.health().getBoolean("up"));
            assertThat(silentGauge()).isZero();
            assertThat(logged("frames again after 121 s")).isOne();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> TestMeters.readings(db.dataSource(), "S1") > 0
                && TestMeters.rows(db.dataSource(), "S1").stream().filter(r -> r.startsWith("index.total@")).count() == 3);
    }

    @Test
    void aBufferOverflowingBehindAStalledDatabaseIsCountedLoggedOnceAndShown() throws Exception {
        DrivenClock clock = new DrivenClock(T0);
        // A queue of one frame's readings and a buffer of 3 frames: the 5th frame while the database is stalled overflows.
        start(new WriterConfig(5, Duration.ofMillis(20), 5, 1, null, null), 3, clock);
        int sent = 12;
        try (OutputStream meter = Files.newOutputStream(dir.resolve("meter"));
             Connection blocker = db.dataSource().getConnection(); Statement st = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            st.execute("LOCK TABLE reading IN EXCLUSIVE MODE");
            for (int i = 0; i < 3; i++) {
                send(meter, i);
            }
            // The writer holds one frame in its stalled transaction, one in its queue, the dispatcher waits with the
            // third: from now on every frame goes to the buffer, and past 3 the oldest are dropped — one overflow.
            await().atMost(Duration.ofSeconds(20)).until(() -> source.health().getLong("frames") == 3
                    && writer.queuedReadings() > 0 && source.health().getLong("buffered_frames") == 0);
            for (int i = 3; i < sent; i++) {
                send(meter, i);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> source.health().getLong("frames") == sent);
            assertThat(source.health().getBoolean("overflowing")).isTrue();
            long dropped = source.health().getLong("dropped_frames");
            assertThat(dropped).isPositive();
            assertThat(metrics.registry().get("ingest.readings.dropped").tag("source", "serial").counter().count()).isPositive();
            assertThat(logged("the buffer of 3 frames is full")).as("logged once per overflow").isOne();
            assertThat(log.list.stream().filter(e -> e.getFormattedMessage().contains("the buffer of 3 frames is full"))
                    .findFirst().orElseThrow().getFormattedMessage()).contains("database up").contains("S1");
            blocker.rollback();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> !source.health().getBoolean("overflowing")
                && source.health().getLong("buffered_frames") == 0);
        long dropped = source.health().getLong("dropped_frames");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                TestMeters.rows(db.dataSource(), "S1").stream().filter(r -> r.startsWith("index.total@")).count() == sent - dropped);
    }
}
