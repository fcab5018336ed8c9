package org.ecofoyer.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.ecofoyer.ingest.pipeline.LiveBus;
import org.ecofoyer.ingest.pipeline.ReadingPipeline;
import org.ecofoyer.ingest.source.AnonymousBrokerCheck;
import org.ecofoyer.ingest.source.CommissioningRecorder;
import org.ecofoyer.ingest.source.GatewayDirectory;
import org.ecofoyer.ingest.source.MqttSource;
import org.ecofoyer.ingest.source.RegistryBinding;
import org.ecofoyer.ingest.source.SerialPortConfig;
import org.ecofoyer.ingest.source.SerialSource;
import org.ecofoyer.ingest.source.SessionFailover;
import org.ecofoyer.ingest.source.TicMessageDecoder;
import org.ecofoyer.ingest.writer.LastStamps;
import org.ecofoyer.ingest.writer.QuarantineGauge;
import org.ecofoyer.ingest.writer.ReadingCompactor;
import org.ecofoyer.ingest.writer.ReadingRetention;
import org.ecofoyer.ingest.writer.ReadingWriter;
import org.ecofoyer.ingest.writer.StoredIndexes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole ingest pipeline of one process, built from {@link IngestConfig}: the {@link ReadingWriter}, the
 * {@link ReadingPipeline} (validation, live bus, downsampling) and the configured sources. The app starts one and
 * hands {@link #writer()} to the other sources (utility pollers).
 */
public final class IngestService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);

    /** How soon a gateway registered, rotated or removed by another process is bound or unbound. */
    static final Duration REGISTRY_PERIOD = Duration.ofSeconds(5);
    /** How often what the gateways' topics brought is written to the registry, with their states (commissioning). */
    static final Duration COMMISSIONING_PERIOD = Duration.ofSeconds(2);

    private final IngestConfig config;
    private final IngestMetrics metrics;
    private final ReadingWriter writer;
    private final ReadingPipeline pipeline;
    private final GatewayDirectory gateways;
    private final MqttSource mqtt;
    private final SessionFailover failover;
    private final CommissioningRecorder commissioning;
    private final List<AutoCloseable> sources = new ArrayList<>();
    private final Map<String, Supplier<JsonObject>> health = new LinkedHashMap<>();

    private IngestService(IngestConfig config, DataSource dataSource, Vertx vertx, MeterRegistry registry, int retentionDays,
                          Clock clock) {
        this.config = config;
        this.metrics = new IngestMetrics(registry);
        this.writer = new ReadingWriter(dataSource, config.writer(), metrics, clock, config.instants().futureTolerance()).start();
        // the store's recent index values, read once per meter: a message the previous process committed and the broker
        // sends again is recognised, not stored a second time under a new instant
        this.pipeline = new ReadingPipeline(writer, config.downsampling(), config.downsamplingByMeter(),
                vertx == null ? null : new LiveBus(vertx), new StoredIndexes(dataSource));
        this.gateways = new GatewayDirectory(config.gateways());
        // Registered gateways join the configured ones before MQTT connects, and follow the registry from then on.
        sources.add(new RegistryBinding(dataSource, config.gateways(), gateways).start(REGISTRY_PERIOD));
        health.put("ingest", this::writerHealth);
        sources.add(new ReadingRetention(dataSource, retentionDays, clock).start(Duration.ofMinutes(1), Duration.ofHours(6)));
        // closed days of raw readings into compact blocks (#17); on an existing populated table, the first passes
        // compact it online, a series-day per transaction
        sources.add(new ReadingCompactor(dataSource, clock, ReadingCompactor.DEFAULT_AFTER).start(Duration.ofMinutes(3), Duration.ofHours(1)));
        sources.add(new QuarantineGauge(dataSource, metrics).start(Duration.ofMinutes(1)));
        if (config.mqtt().enabled()) {
            AnonymousBrokerCheck.warnInBackground(config.mqtt());
            TicMessageDecoder decoder = new TicMessageDecoder(config.instants());
            LastStamps lastStamps = new LastStamps(dataSource);
            commissioning = new CommissioningRecorder(dataSource, clock).start(COMMISSIONING_PERIOD);
            // The lease first: a peer must not take this instance's session for a lapsed one while it connects.
            failover = config.mqtt().failover() ? new SessionFailover(dataSource, config.mqtt(),
                    SessionFailover.adopters(gateways, decoder, pipeline, config.instants(), clock, lastStamps), metrics).start() : null;
            mqtt = new MqttSource(config.mqtt(), gateways, decoder, pipeline, config.instants(), clock, lastStamps)
                    .recordingTo(commissioning);
            if (failover != null) {
                failover.guard(mqtt); // connected only while this instance holds the lease on its client id
            }
            mqtt.start();
            health.put("mqtt", mqtt::health);
            if (failover != null) {
                health.put("mqtt_failover", failover::health);
            }
        } else {
            mqtt = null;
            failover = null;
            commissioning = null;
        }
        for (SerialPortConfig port : config.serial()) {
            SerialSource serial = new SerialSource(port, pipeline, SerialSource.DEFAULT_BUFFER_FRAMES);
            if (vertx != null) {
                vertx.deployVerticle(serial).onFailure(e -> LOG.warn("serial source {} did not start: {}", port.port(), e.toString()));
            } else {
                serial.startNow();
            }
            sources.add(serial);
            health.put("serial:" + port.port(), serial::health);
        }
    }

    /**
     * Starts the writer, every configured source (sources connect in the background) and the retention of raw
     * readings ({@code retentionDays}).
     */
    public static IngestService start(IngestConfig config, DataSource dataSource, Vertx vertx, MeterRegistry registry,
                                      int retentionDays) {
        return start(config, dataSource, vertx, registry, retentionDays, Clock.systemUTC());
    }

    /** With the receiving clock (tests fix or drive it): reception times, the future tolerance, the retention. */
    public static IngestService start(IngestConfig config, DataSource dataSource, Vertx vertx, MeterRegistry registry,
                                      int retentionDays, Clock clock) {
        IngestService s = new IngestService(config, dataSource, vertx, registry, retentionDays, clock);
        LOG.info("ingest started: writer batches of {} readings or {} ms, {} gateway(s), MQTT {}, {} serial port(s)",
                config.writer().batchSize(), config.writer().batchMaxAge().toMillis(), config.gateways().size(),
                config.mqtt().enabled() ? org.ecofoyer.storage.Redact.url(config.mqtt().url()) : "off", config.serial().size());
        return s;
    }

    /** The single entry point for readings from any other source (utility pollers): see the module README. */
    public ReadingWriter writer() {
        return writer;
    }

    /** Live meter data (frames) from a source of one's own: validated, published live, downsampled, then written. */
    public ReadingPipeline pipeline() {
        return pipeline;
    }

    /** Topic → gateway: the configured gateways and the registered ones ({@link RegistryBinding}). */
    public GatewayDirectory gateways() {
        return gateways;
    }

    public IngestMetrics metrics() {
        return metrics;
    }

    public MqttSource mqtt() {
        return mqtt;
    }

    /** The lease and adoptions of MQTT sessions, or null when MQTT or failover is off. */
    public SessionFailover failover() {
        return failover;
    }

    /** Adds a source started elsewhere (e.g. a simulated meter in the demo), closed with the service. */
    public void addSource(String name, AutoCloseable source, Supplier<JsonObject> sourceHealth) {
        sources.add(source);
        health.put(name, sourceHealth);
    }

    /** One part of {@code /health} per source, plus the writer ({@code ingest}). Each has {@code "up"}. */
    public Map<String, Supplier<JsonObject>> health() {
        return Map.copyOf(health);
    }

    private JsonObject writerHealth() {
        return new JsonObject().put("up", writer.databaseUp()).put("queued_readings", writer.queuedReadings())
                .put("queue_capacity", writer.capacity()).put("stored", (long) metrics.stored())
                .put("duplicates", (long) metrics.duplicates())
                .put("outage_since", writer.outageSince() == 0 ? null : java.time.Instant.ofEpochMilli(writer.outageSince()).toString());
    }

    /**
     * An orderly stop that loses nothing and leaves nothing to redeliver: the sources stop taking data (MQTT keeps its
     * session open, and leaves what arrives from now on to the broker); what downsampling holds is written; the writer
     * drains, so every message handed over is committed and acknowledged; only then does the MQTT session close. The
     * database must still be up: the app stops it after this.
     */
    @Override
    public void close() {
        if (mqtt != null) {
            mqtt.stopReceiving();
        }
        if (failover != null) {
            failover.stopReceiving();
        }
        for (int i = sources.size() - 1; i >= 0; i--) {
            try {
                sources.get(i).close();
            } catch (Exception e) {
                LOG.warn("source did not stop cleanly: {}", e.toString());
            }
        }
        pipeline.close();
        writer.close(Duration.ofSeconds(10));
        if (mqtt != null) {
            if (!mqtt.awaitSettled(Duration.ofSeconds(5))) {
                LOG.warn("MQTT: some messages were not acknowledged before the session closed; the broker will send them again");
            }
            mqtt.close();
            // last: the counts of the messages acknowledged while the writer drained are written too
            commissioning.close();
        }
        if (failover != null) {
            failover.close();
        }
        LOG.info("ingest stopped");
    }
}
