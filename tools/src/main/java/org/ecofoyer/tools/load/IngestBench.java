package org.ecofoyer.tools.load;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.ecofoyer.drivers.Reading;
import org.ecofoyer.drivers.gateway.GatewayFormat;
import org.ecofoyer.drivers.gateway.GatewayPayloads;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.ecofoyer.ingest.IngestMetrics;
import org.ecofoyer.ingest.pipeline.DownsamplingConfig;
import org.ecofoyer.ingest.pipeline.ReadingPipeline;
import org.ecofoyer.ingest.source.GatewayDirectory;
import org.ecofoyer.ingest.source.MqttConfig;
import org.ecofoyer.ingest.source.MqttSource;
import org.ecofoyer.ingest.source.TicMessageDecoder;
import org.ecofoyer.ingest.writer.ReadingCompactor;
import org.ecofoyer.ingest.writer.ReadingWriter;
import org.ecofoyer.ingest.writer.WriterConfig;
import org.postgresql.PGConnection;

/**
 * {@code ecofoyer bench ingest}: in one run, against the same database, (1) the raw ceiling — a plain {@code COPY} of
 * the rows, in batches of the writer's size, from one client, into a table shaped like {@code reading} — and (2) the
 * whole pipeline — raw TIC frames queued at the broker, then MQTT → decode → validate → write with acknowledgements
 * after commit, until drained — with the same rows (downsampling off, so both write exactly the same rows) — then
 * (3) the compactor's pass over what the pipeline wrote. Each phase prints its cost per reading ({@link ServerCost}:
 * JVM and PostgreSQL CPU, WAL bytes, buffer reads and hits), which a shared machine does not blur as it blurs rates.
 */
public final class IngestBench {
    static final String HOUSEHOLD = "bench";

    public record Options(String mqttUrl, String username, String password, int meters, int framesPerMeter) {
    }

    public record Result(long rows, double rawRowsPerSecond, long messages, double pipelineReadingsPerSecond,
                         double pipelineMessagesPerSecond) {
        public double ratio() {
            return pipelineReadingsPerSecond / rawRowsPerSecond;
        }

        public String line() {
            return String.format(Locale.ROOT, "bench ingest: rows=%d raw_copy_rows_per_s=%.0f pipeline_readings_per_s=%.0f"
                    + " pipeline_messages_per_s=%.0f ratio=%.2f", rows, rawRowsPerSecond, pipelineReadingsPerSecond,
                    pipelineMessagesPerSecond, ratio());
        }
    }

    private final Options options;
    private final DataSource dataSource;
    private final WriterConfig writerConfig;
    private final PrintWriter out;

    public IngestBench(Options options, DataSource dataSource, WriterConfig writerConfig, PrintWriter out) {
        this.options = options;
        this.dataSource = dataSource;
        this.writerConfig = writerConfig;
        this.out = out;
    }

    public Result run() throws Exception {
        List<SimulatedGateway> gateways = new ArrayList<>();
        for (int i = 0; i < options.meters(); i++) {
            gateways.add(new SimulatedGateway(i, HOUSEHOLD, GatewayFormat.RAW));
        }
        List<GatewayPayloads.Message> messages = new ArrayList<>();
        List<Reading> readings = new ArrayList<>();
        Instant start = Instant.now().minus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        for (int f = 0; f < options.framesPerMeter(); f++) {
            for (SimulatedGateway g : gateways) {
                SimulatedGateway.Published p = g.next(start.plusSeconds(2L * f));
                messages.addAll(p.messages());
                readings.addAll(p.readings());
            }
        }
        Map<String, Integer> ids = register(gateways);
        out.printf("bench ingest: %d meters x %d raw standard-mode frames = %d messages, %d readings%n", gateways.size(),
                options.framesPerMeter(), messages.size(), readings.size());
        out.flush();

        double raw = rawCopy(readings, ids);
        out.printf(Locale.ROOT, "bench ingest: raw COPY (one connection, batches of %d, committed each): %.0f rows/s%n",
                writerConfig.batchSize(), raw);
        out.flush();

        double[] pipeline = pipeline(gateways, messages, readings.size());
        Result r = new Result(readings.size(), raw, messages.size(), pipeline[0], pipeline[1]);
        out.printf(Locale.ROOT, "bench ingest: pipeline (MQTT -> decode -> write, ack after commit): %.0f readings/s, %.0f messages/s"
                + " = %.0f%% of raw COPY%n", r.pipelineReadingsPerSecond(), r.pipelineMessagesPerSecond(), r.ratio() * 100);
        out.println(r.line());
        out.flush();
        compact(start, readings.size());
        return r;
    }

    /**
     * The compactor's pass over what the pipeline wrote (it runs hourly in production and folds every reading once,
     * after its UTC day): its cost per reading, counted with ingest's because each reading pays it once. Its clock is
     * set past the end of the data's days (the frames are a day old, so they may end in the next UTC day).
     */
    private void compact(Instant start, long readings) throws Exception {
        Clock after = Clock.fixed(start.plus(Duration.ofDays(2)).plus(Duration.ofHours(3)), ZoneOffset.UTC);
        ServerCost before;
        try (Connection c = dataSource.getConnection()) {
            before = ServerCost.sample(c);
        }
        long t0 = System.nanoTime();
        ReadingCompactor.Report report = new ReadingCompactor(dataSource, after, ReadingCompactor.DEFAULT_AFTER).apply();
        double seconds = (System.nanoTime() - t0) / 1e9;
        try (Connection c = dataSource.getConnection()) {
            out.printf(Locale.ROOT, "bench ingest: compaction pass: %s in %.1f s; cost: %s%n", report.describe(), seconds,
                    before.until(ServerCost.sample(c)).perReading(report.readings()));
        }
        out.printf("bench ingest: compacted %d of the %d readings stored (the compactor's row-wise channels stay rows)%n",
                report.readings(), readings);
        out.flush();
    }

    private Map<String, Integer> register(List<SimulatedGateway> gateways) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return SimulatedGateway.register(c, HOUSEHOLD, "Benchmark", gateways);
        }
    }

    /** The ceiling: the same rows, COPYed from one connection into a fresh table with the same key, batch by batch. */
    private double rawCopy(List<Reading> readings, Map<String, Integer> ids) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS bench_raw_copy");
            st.execute("CREATE TABLE bench_raw_copy (meter_id integer NOT NULL, channel text NOT NULL, instant timestamptz NOT NULL,"
                    + " value bigint NOT NULL, PRIMARY KEY (meter_id, channel, instant))");
            var copy = c.unwrap(PGConnection.class).getCopyAPI();
            ServerCost before = ServerCost.sample(c);
            long t0 = System.nanoTime();
            for (int from = 0; from < readings.size(); from += writerConfig.batchSize()) {
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                StringBuilder line = new StringBuilder();
                for (Reading r : readings.subList(from, Math.min(readings.size(), from + writerConfig.batchSize()))) {
                    line.setLength(0);
                    line.append(ids.get(r.meter())).append('\t').append(r.channel()).append('\t').append(r.instant())
                            .append('\t').append(r.value()).append('\n');
                    buf.writeBytes(line.toString().getBytes(StandardCharsets.UTF_8));
                }
                copy.copyIn("COPY bench_raw_copy FROM STDIN", new java.io.ByteArrayInputStream(buf.toByteArray()));
            }
            double perSecond = readings.size() / ((System.nanoTime() - t0) / 1e9);
            // the cost of the same rows through the plainest write, to set the pipeline's beside (same counters)
            out.printf("bench ingest: raw COPY cost: %s%n", before.until(ServerCost.sample(c)).perReading(readings.size()));
            st.execute("DROP TABLE bench_raw_copy");
            return perSecond;
        }
    }

    /** Queues every message at the broker for a persistent session, then times the pipeline draining it. */
    private double[] pipeline(List<SimulatedGateway> gateways, List<GatewayPayloads.Message> messages, int readings) throws Exception {
        String clientId = "ecofoyer-bench-" + UUID.randomUUID();
        String group = "bench-" + UUID.randomUUID();
        MqttConfig mqtt = new MqttConfig(options.mqttUrl(), options.username(), options.password(), clientId, group,
                List.of("ecofoyer/gw/+/tic"), Duration.ofHours(1), 65_535, null, null, null, null);
        GatewayDirectory directory = new GatewayDirectory(gateways.stream().map(SimulatedGateway::config).toList());
        IngestMetrics metrics = IngestMetrics.inMemory();
        ReadingWriter writer = new ReadingWriter(dataSource, writerConfig, metrics).start();
        ReadingPipeline pipeline = new ReadingPipeline(writer, DownsamplingConfig.OFF, Map.of(), null);
        // 1. subscribe once so that the broker keeps a session for us, then go away
        MqttSource first = new MqttSource(mqtt, directory, new TicMessageDecoder(), pipeline).start();
        awaitConnected(first);
        first.close();
        // 2. queue everything at the broker
        MqttAsyncClient pub = new MqttAsyncClient(options.mqttUrl(), clientId + "-pub", new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        if (options.username() != null) {
            o.setUserName(options.username());
            o.setPassword(options.password() == null ? null : options.password().getBytes(StandardCharsets.UTF_8));
        }
        pub.connect(o).waitForCompletion(30_000);
        java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(1000);
        for (GatewayPayloads.Message m : messages) {
            inFlight.acquire();
            MqttMessage msg = new MqttMessage(m.payload());
            msg.setQos(1);
            pub.publish(m.topic(), msg, null, new org.eclipse.paho.mqttv5.client.MqttActionListener() {
                @Override
                public void onSuccess(org.eclipse.paho.mqttv5.client.IMqttToken t) {
                    inFlight.release();
                }

                @Override
                public void onFailure(org.eclipse.paho.mqttv5.client.IMqttToken t, Throwable e) {
                    inFlight.release();
                }
            });
        }
        inFlight.acquire(1000);
        pub.disconnect().waitForCompletion(10_000);
        pub.close();
        out.printf("bench ingest: %d messages queued at the broker; draining%n", messages.size());
        out.flush();
        // 3. come back and drain
        ServerCost before;
        try (Connection c = dataSource.getConnection()) {
            before = ServerCost.sample(c);
        }
        // Timed from the session's start, not from "connected": the broker sends the queue with its CONNACK, and a
        // source whose receiving thread waits for the writer reports "connected" (its SUBACK read) only once that
        // thread is free, after thousands of messages are drained: a clock started there flattered such a source 2x.
        long t0 = System.nanoTime();
        MqttSource second = new MqttSource(mqtt, directory, new TicMessageDecoder(), pipeline).start();
        awaitConnected(second);
        out.printf(Locale.ROOT, "bench ingest: session resumed and subscribed after %.2f s, %d of %d messages already acknowledged%n",
                (System.nanoTime() - t0) / 1e9, second.health().getLong("acknowledged"), messages.size());
        long deadline = t0 + TimeUnit.MINUTES.toNanos(10);
        while (second.health().getLong("acknowledged") < messages.size() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        second.close();
        pipeline.close();
        writer.close(Duration.ofSeconds(30));
        try (Connection c = dataSource.getConnection()) {
            // JVM: Paho, decoding, validation and the writer (the publisher is done before); PostgreSQL: the writes
            out.printf("bench ingest: pipeline cost: %s%n", before.until(ServerCost.sample(c)).perReading(readings));
        }
        // how the writer batched the drain: fewer, larger transactions are fewer commits (and flushes) per reading
        out.printf(Locale.ROOT, "bench ingest: writer: %d transactions, %.0f readings each on average, transaction time mean %.0f ms%n",
                metrics.transactionTime.count(), metrics.batchSize.mean(), metrics.transactionTime.mean(TimeUnit.MILLISECONDS));
        long stored = (long) metrics.stored();
        if (stored != readings) {
            out.printf("bench ingest: WARNING: %d readings stored, %d expected%n", stored, readings);
        }
        return new double[] {readings / seconds, messages.size() / seconds};
    }

    private static void awaitConnected(MqttSource s) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!s.isConnected()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("cannot subscribe: " + s.health().getString("last_error"));
            }
            Thread.sleep(1);
        }
    }
}
