package org.ecofoyer.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.ecofoyer.ingest.TestMeters.addMeter;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.ecofoyer.core.TariffOption;
import org.ecofoyer.drivers.tic.TicModeSetting;
import org.ecofoyer.drivers.tic.TicMode;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Serial → database through a real pseudo-terminal pair (socat): a simulated meter on one end, ingest on the other. */
class SerialSourceTest {
    @Test
    void framesFromASerialPortAreStoredAndTheSameFrameTwiceOnce(@TempDir Path dir) throws Exception {
        String socat = TestEnv.require("ECO_TEST_SOCAT");
        Process pty = new ProcessBuilder(socat, "pty,raw,echo=0,link=" + dir.resolve("meter"), "pty,raw,echo=0,link=" + dir.resolve("dongle"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("socat.log").toFile()).start();
        try (Database db = TestDatabases.newMigratedDatabase()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(dir.resolve("meter")) && Files.exists(dir.resolve("dongle")));
            addMeter(db.dataSource(), "S1");
            ReadingWriter writer = new ReadingWriter(db.dataSource(), new WriterConfig(100, Duration.ofMillis(20), 1000, 1, null, null),
                    IngestMetrics.inMemory()).start();
            ReadingPipeline pipeline = new ReadingPipeline(writer, DownsamplingConfig.OFF, Map.of(), null);
            SerialSource source = new SerialSource(new SerialPortConfig(dir.resolve("dongle").toString(), "S1", TicModeSetting.STANDARD), pipeline, 100)
                    .startNow();
            try (OutputStream meter = Files.newOutputStream(dir.resolve("meter"))) {
                await().atMost(Duration.ofSeconds(20)).until(() -> source.health().getBoolean("up"));
                MeterSimulator sim = new MeterSimulator(new MeterSimulator.Config(TicMode.STANDARD, TariffOption.BASE, 1, false, 5, 0));
                Instant t0 = Instant.parse("2026-02-03T10:00:00Z");
                byte[] last = null;
                for (int i = 0; i < 4; i++) {
                    last = sim.next(t0.plusSeconds(2L * i)).bytes();
                    meter.write(last);
                    meter.flush();
                }
                meter.write(last); // the same frame again
                meter.flush();

                await().atMost(Duration.ofSeconds(20)).until(() -> source.health().getLong("frames") == 5);
                pipeline.close();
                writer.close();
            } finally {
                source.close();
            }
            assertThat(TestMeters.rows(db.dataSource(), "S1").stream().filter(r -> r.startsWith("index.total@")).map(r -> r.substring(12, 32)))
                    .containsExactly("2026-02-03T10:00:00Z", "2026-02-03T10:00:02Z", "2026-02-03T10:00:04Z", "2026-02-03T10:00:06Z");
        } finally {
            pty.destroy();
        }
    }
}
