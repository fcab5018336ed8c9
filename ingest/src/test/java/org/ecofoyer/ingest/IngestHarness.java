package org.ecofoyer.ingest;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.ecofoyer.gateway.GatewayConfig;
import org.ecofoyer.ingest.pipeline.DownsamplingConfig;
import org.ecofoyer.ingest.pipeline.ReadingPipeline;
import org.ecofoyer.ingest.source.GatewayDirectory;
import org.ecofoyer.ingest.source.MessageDecoder;
import org.ecofoyer.ingest.source.MqttConfig;
import org.ecofoyer.ingest.source.MqttSource;
import org.ecofoyer.ingest.source.SessionFailover;
import org.ecofoyer.ingest.writer.LastStamps;
import org.ecofoyer.ingest.writer.ReadingWriter;
import org.ecofoyer.ingest.writer.WriterConfig;

/** The real pipeline (writer, pipeline, MQTT source) as a test or a child process runs it. */
public final class IngestHarness implements AutoCloseable {
    public final IngestMetrics metrics = IngestMetrics.inMemory();
    public final ReadingWriter writer;
    public final ReadingPipeline pipeline;
    public final MqttSource mqtt;
    /** Null unless built with a clock and failover on in the MQTT settings. */
    public final SessionFailover failover;

    public IngestHarness(DataSource ds, MqttConfig mqttConfig, List<GatewayConfig> gateways, MessageDecoder decoder,
                  DownsamplingConfig downsampling) {
        writer = new ReadingWriter(ds, new WriterConfig(500, Duration.ofMillis(50), 20_000, 2, Duration.ofMillis(100),
                Duration.ofSeconds(2)), metrics).start();
        pipeline = new ReadingPipeline(writer, downsampling, Map.of(), null);
        mqtt = mqttConfig == null ? null : new MqttSource(mqttConfig, new GatewayDirectory(gateways), decoder, pipeline).start();
        failover = null;
    }

    /**
     * With a receiving clock (writer and reception stamps; no burst stamping, every message is stamped on reception),
     * a writer of its own, and the session failover when the MQTT settings have a lease.
     */
    public IngestHarness(DataSource ds, MqttConfig mqttConfig, List<GatewayConfig> gateways, MessageDecoder decoder,
                         DownsamplingConfig downsampling, Clock clock, WriterConfig writerConfig) {
        writer = new ReadingWriter(ds, writerConfig, metrics, clock, ReadingWriter.DEFAULT_FUTURE_TOLERANCE).start();
        pipeline = new ReadingPipeline(writer, downsampling, Map.of(), null);
        InstantsConfig instants = new InstantsConfig(null, null, null, Duration.ZERO);
        GatewayDirectory directory = new GatewayDirectory(gateways);
        failover = mqttConfig.failover() ? new SessionFailover(ds, mqttConfig,
                SessionFailover.adopters(directory, decoder, pipeline, instants, clock, LastStamps.NONE), metrics).start() : null;
        mqtt = new MqttSource(mqttConfig, directory, decoder, pipeline, instants, clock, LastStamps.NONE);
        if (failover != null) {
            failover.guard(mqtt);
        }
        mqtt.start();
    }

    public static WriterConfig writerConfig() {
        return new WriterConfig(500, Duration.ofMillis(50), 20_000, 2, Duration.ofMillis(100), Duration.ofSeconds(2));
    }

    public static MqttConfig mqtt(String url, String clientId, String group, String filter) {
        return new MqttConfig(url, null, null, clientId, group, List.of(filter), Duration.ofHours(1), 65_535, null, null,
                Duration.ofMillis(200), Duration.ofSeconds(2));
    }

    @Override
    public void close() {
        if (mqtt != null) {
            mqtt.close();
        }
        if (failover != null) {
            failover.close();
        }
        pipeline.close();
        writer.close();
    }
}
