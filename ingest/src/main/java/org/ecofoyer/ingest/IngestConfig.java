package org.ecofoyer.ingest;

import java.util.List;
import java.util.Map;
import org.ecofoyer.gateway.GatewayConfig;
import org.ecofoyer.ingest.pipeline.DownsamplingConfig;
import org.ecofoyer.ingest.source.MqttConfig;
import org.ecofoyer.ingest.source.SerialPortConfig;
import org.ecofoyer.ingest.writer.WriterConfig;

/**
 * The {@code ingest} section of the configuration.
 *
 * @param writer              batching, queue and retry of the database writer
 * @param downsampling        how live meter data is thinned (default for every meter)
 * @param downsamplingByMeter per meter code, overriding {@code downsampling}
 * @param mqtt                the MQTT source (off without a URL)
 * @param gateways            the MQTT gateways of the configuration: topic → meter (the registered ones join them, {@link org.ecofoyer.ingest.source.RegistryBinding})
 * @param serial              serial TIC ports, one source each
 * @param instants            how far instants are trusted: the future tolerance, gateway clocks, bursts
 * @param dynamicSecurity     Mosquitto's dynamic security administrator: set, gateways are provisioned on the broker
 *                            the moment they are registered, given a new secret or removed (off by default)
 */
public record IngestConfig(WriterConfig writer, DownsamplingConfig downsampling,
                           Map<String, DownsamplingConfig> downsamplingByMeter, MqttConfig mqtt,
                           List<GatewayConfig> gateways, List<SerialPortConfig> serial,
                           InstantsConfig instants, org.ecofoyer.gateway.DynamicSecurityConfig dynamicSecurity) {
    public static final IngestConfig DEFAULTS = new IngestConfig(null, null, null, null, null, null, null, null);

    public IngestConfig {
        writer = writer == null ? WriterConfig.DEFAULTS : writer;
        downsampling = downsampling == null ? DownsamplingConfig.DEFAULTS : downsampling;
        downsamplingByMeter = downsamplingByMeter == null ? Map.of() : Map.copyOf(downsamplingByMeter);
        mqtt = mqtt == null ? MqttConfig.DEFAULTS : mqtt;
        gateways = gateways == null ? List.of() : List.copyOf(gateways);
        serial = serial == null ? List.of() : List.copyOf(serial);
        instants = instants == null ? InstantsConfig.DEFAULTS : instants;
        dynamicSecurity = dynamicSecurity == null ? org.ecofoyer.gateway.DynamicSecurityConfig.DEFAULTS : dynamicSecurity;
        java.util.Set<String> topics = new java.util.HashSet<>();
        for (GatewayConfig g : gateways) {
            if (!topics.add(g.topic())) {
                throw new IllegalArgumentException("gateways: topic " + g.topic() + " is bound to two gateways; a topic feeds one meter");
            }
        }
        if (mqtt.enabled() && mqtt.receiveMaximum() < Math.min(writer.batchSize(), 65_535)) {
            throw new IllegalArgumentException("mqtt: receive-maximum (" + mqtt.receiveMaximum() + ") must be at least the writer's"
                    + " batch-size (" + writer.batchSize() + "), or batches never fill while acknowledgements wait for the commit");
        }
    }

    public IngestConfig withMqtt(MqttConfig m) {
        return new IngestConfig(writer, downsampling, downsamplingByMeter, m, gateways, serial, instants, dynamicSecurity);
    }

    public IngestConfig withGateways(List<GatewayConfig> g) {
        return new IngestConfig(writer, downsampling, downsamplingByMeter, mqtt, g, serial, instants, dynamicSecurity);
    }

    public IngestConfig withWriter(WriterConfig w) {
        return new IngestConfig(w, downsampling, downsamplingByMeter, mqtt, gateways, serial, instants, dynamicSecurity);
    }

    public IngestConfig withInstants(InstantsConfig i) {
        return new IngestConfig(writer, downsampling, downsamplingByMeter, mqtt, gateways, serial, i, dynamicSecurity);
    }

    public IngestConfig withDownsampling(DownsamplingConfig d) {
        return new IngestConfig(writer, d, downsamplingByMeter, mqtt, gateways, serial, instants, dynamicSecurity);
    }
}
