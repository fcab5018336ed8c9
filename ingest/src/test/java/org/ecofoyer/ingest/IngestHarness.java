package org.ecofoyer.ingest;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.ecofoyer.gateway.GatewayConfig;

/** The real pipeline (writer, pipeline, MQTT source) as a test or a child process runs it. */
final class IngestHarness implements AutoCloseable {
    final IngestMetrics metrics = IngestMetrics.inMemory();
    final ReadingWriter writer;
    final ReadingPipeline pipeline;
    final MqttSource mqtt;

    IngestHarness(DataSource ds, MqttConfig mqttConfig, List<GatewayConfig> gateways, MessageDecoder decoder,
                  DownsamplingConfig downsampling) {
        writer = new ReadingWriter(ds, new WriterConfig(500, Duration.ofMillis(50), 20_000, 2, Duration.ofMillis(100),
                Duration.ofSeconds(2)), metrics).start();
        pipeline = new ReadingPipeline(writer, downsampling, Map.of(), null);
        mqtt = mqttConfig == null ? null : new MqttSource(mqttConfig, new GatewayDirectory(gateways), decoder, pipeline).start();
    }

    static MqttConfig mqtt(String url, String clientId, String group, String filter) {
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
