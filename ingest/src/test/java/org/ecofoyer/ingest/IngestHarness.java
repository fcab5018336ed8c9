package org.ecofoyer.ingest;

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
import org.ecofoyer.ingest.writer.ReadingWriter;
import org.ecofoyer.ingest.writer.WriterConfig;

/** The real pipeline (writer, pipeline, MQTT source) as a test or a child process runs it. */
public final class IngestHarness implements AutoCloseable {
    public final IngestMetrics metrics = IngestMetrics.inMemory();
    public final ReadingWriter writer;
    public final ReadingPipeline pipeline;
    public final MqttSource mqtt;

    public IngestHarness(DataSource ds, MqttConfig mqttConfig, List<GatewayConfig> gateways, MessageDecoder decoder,
                  DownsamplingConfig downsampling) {
        writer = new ReadingWriter(ds, new WriterConfig(500, Duration.ofMillis(50), 20_000, 2, Duration.ofMillis(100),
                Duration.ofSeconds(2)), metrics).start();
        pipeline = new ReadingPipeline(writer, downsampling, Map.of(), null);
        mqtt = mqttConfig == null ? null : new MqttSource(mqttConfig, new GatewayDirectory(gateways), decoder, pipeline).start();
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
        pipeline.close();
        writer.close();
    }
}
