package org.ecofoyer.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The ingest pipeline's meters (exposed on {@code /metrics} by the app): messages and readings in and out, rejects
 * by reason, batch size, commit latency, queue depth, connected sources, database outages.
 */
public final class IngestMetrics {
    private final MeterRegistry registry;
    private final Counter readingsSubmitted;
    private final Counter readingsStored;
    private final Counter readingsDuplicate;
    private final Counter readingsDownsampled;
    private final Counter databaseOutages;
    private final Counter redeliveriesRecognised;
    private final Counter transactionsRetried;
    private final Counter fencedReadings;
    /** Public, like {@link #transactionTime} and {@link #commitLatencyHistogram}, for the load test's report. */
    public final DistributionSummary batchSize;
    private final Timer commitLatency;
    public final Timer transactionTime;
    private final ConcurrentMap<String, Counter> rejects = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> quarantined = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> fallbacks = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> messages = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> messageRejects = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> dropped = new ConcurrentHashMap<>();
    /** Cumulative submit → commit latency, for whole-run percentiles. */
    public final LatencyHistogram commitLatencyHistogram = new LatencyHistogram();

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        readingsSubmitted = Counter.builder("ingest.readings.submitted").description("readings handed to the writer").register(registry);
        readingsStored = Counter.builder("ingest.readings.stored").description("readings inserted").register(registry);
        readingsDuplicate = Counter.builder("ingest.readings.duplicate").description("readings already stored (redelivery), ignored").register(registry);
        readingsDownsampled = Counter.builder("ingest.readings.downsampled").description("readings not kept by downsampling").register(registry);
        redeliveriesRecognised = Counter.builder("ingest.mqtt.redeliveries.recognised").description("MQTT messages delivered"
                + " again whose index values were already stored or held: those not stored a second time").register(registry);
        databaseOutages = Counter.builder("ingest.database.outages").description("periods during which the database refused writes").register(registry);
        fencedReadings = Counter.builder("ingest.mqtt.fenced.readings").description("readings of MQTT messages whose session"
                + " was fenced since their reception, not committed here (the peer adopting the session stores them)").register(registry);
        transactionsRetried = Counter.builder("ingest.transactions.retried").description("write transactions attempted again").register(registry);
        batchSize = DistributionSummary.builder("ingest.batch.size").description("readings per transaction").register(registry);
        commitLatency = Timer.builder("ingest.commit.latency").description("from submission to commit")
                .publishPercentiles(0.5, 0.99).distributionStatisticExpiry(Duration.ofMinutes(5)).register(registry);
        transactionTime = Timer.builder("ingest.transaction.time").description("duration of one write transaction").register(registry);
    }

    /** Metrics kept in memory only (tests, one-off commands). */
    public static IngestMetrics inMemory() {
        return new IngestMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Readings handed to the writer. */
    public void submitted(int n) {
        readingsSubmitted.increment(n);
    }

    /** Readings live data downsampling did not keep. */
    public void downsampled(int n) {
        readingsDownsampled.increment(n);
    }

    /**
     * One write transaction committed: how long it took, the readings it staged and, of those, the ones it inserted
     * (the others were already stored: redeliveries).
     */
    public void transaction(long nanos, int staged, long inserted) {
        transactionTime.record(nanos, TimeUnit.NANOSECONDS);
        batchSize.record(staged);
        readingsStored.increment(inserted);
        readingsDuplicate.increment(staged - inserted);
    }

    /** One submission committed, {@code latencyNanos} after it was submitted. */
    public void committed(long latencyNanos) {
        commitLatency.record(latencyNanos, TimeUnit.NANOSECONDS);
        commitLatencyHistogram.record(latencyNanos);
    }

    /** A write transaction about to be attempted again. */
    public void transactionRetried() {
        transactionsRetried.increment();
    }

    /** The database began refusing writes. */
    /** A message recognised as a redelivery (the pipeline's redelivery rule). */
    public void redeliveryRecognised() {
        redeliveriesRecognised.increment();
    }

    /** Readings the fence in the write transaction refused (their session fenced since their reception). */
    public void fencedReadings(int n) {
        fencedReadings.increment(n);
    }

    public long fencedReadings() {
        return (long) fencedReadings.count();
    }

    public long redeliveriesRecognised() {
        return (long) redeliveriesRecognised.count();
    }

    public void databaseOutage() {
        databaseOutages.increment();
    }

    /** A reading refused, by reason (unknown_meter, impossible_value, ...). */
    public void reject(String reason, long n) {
        rejects.computeIfAbsent(reason, r -> Counter.builder("ingest.readings.rejected").tag("reason", r)
                .description("readings refused, by reason").register(registry)).increment(n);
    }

    /**
     * Readings held in quarantine instead of {@code reading}, by reason (future_instant, before_horizon, an impossible
     * value's reason); a redelivered one counts again.
     */
    public void quarantined(String reason, long n) {
        quarantined.computeIfAbsent(reason, r -> Counter.builder("ingest.readings.quarantined").tag("reason", r)
                .description("readings held in quarantine, by reason").register(registry)).increment(n);
    }

    public double quarantined(String reason) {
        Counter c = quarantined.get(reason);
        return c == null ? 0 : c.count();
    }

    /** A message whose own timestamp was not used, by reason (gateway_clock_rejected): stamped on reception instead. */
    public void instantFallback(String reason) {
        fallbacks.computeIfAbsent(reason, r -> Counter.builder("ingest.instants.fallback").tag("reason", r)
                .description("messages stamped on reception because their own timestamp was not trusted").register(registry)).increment();
    }

    public double instantFallbacks(String reason) {
        Counter c = fallbacks.get(reason);
        return c == null ? 0 : c.count();
    }

    /** A source message (MQTT message, serial frame) received. */
    public void messageIn(String source) {
        messages.computeIfAbsent(source, s -> Counter.builder("ingest.messages.received").tag("source", s)
                .description("messages and frames received, by source").register(registry)).increment();
    }

    /** A source message refused, by reason (unknown_topic, foreign_meter, malformed, ...). */
    public void messageRejected(String reason) {
        messageRejects.computeIfAbsent(reason, r -> Counter.builder("ingest.messages.rejected").tag("reason", r)
                .description("messages refused, by reason").register(registry)).increment();
    }

    /** Live-only data dropped because the writer could not keep up (serial buffer overflow). */
    public void dropped(String source, long n) {
        dropped.computeIfAbsent(source, s -> Counter.builder("ingest.readings.dropped").tag("source", s)
                .description("live readings dropped under backpressure").register(registry)).increment(n);
    }

    /** Registers a gauge; the first registration of a name wins (e.g. a source started again keeps the first one). */
    public void gauge(String name, String description, Supplier<Number> value) {
        if (registry.find(name).gauge() != null) {
            return;
        }
        io.micrometer.core.instrument.Gauge.builder(name, value).description(description).register(registry);
    }

    public double rejected(String reason) {
        Counter c = rejects.get(reason);
        return c == null ? 0 : c.count();
    }

    public double messagesRejected(String reason) {
        Counter c = messageRejects.get(reason);
        return c == null ? 0 : c.count();
    }

    public double stored() {
        return readingsStored.count();
    }

    public double duplicates() {
        return readingsDuplicate.count();
    }
}
