package org.ecofoyer.tools.load;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.ecofoyer.core.runtime.NamedThreads;
import org.ecofoyer.drivers.Reading;
import org.ecofoyer.drivers.gateway.GatewayFormat;
import org.ecofoyer.drivers.gateway.GatewayPayloads;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.TimerPingSender;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.ecofoyer.gateway.GatewayConfig;
import org.ecofoyer.ingest.IngestConfig;
import org.ecofoyer.ingest.IngestMetrics;
import org.ecofoyer.ingest.LatencyHistogram;
import org.ecofoyer.ingest.pipeline.Downsampler;
import org.ecofoyer.ingest.pipeline.DownsamplingConfig;
import org.ecofoyer.ingest.pipeline.ReadingPipeline;
import org.ecofoyer.ingest.source.GatewayDirectory;
import org.ecofoyer.ingest.source.MqttConfig;
import org.ecofoyer.ingest.source.MqttSource;
import org.ecofoyer.ingest.source.TicMessageDecoder;
import org.ecofoyer.ingest.writer.ReadingWriter;
import org.ecofoyer.ingest.writer.SessionLeases;
import org.postgresql.PGConnection;

/**
 * {@code ecofoyer loadtest}: N simulated gateways publish realistic frames to a broker at a given rate for a given
 * time; the pipeline ingests them (in this process, or an {@code ecofoyer serve} with {@code external}); then the
 * database is checked against what should be there: the published readings, downsampled exactly as ingest does
 * (same rules, same order per gateway), each exactly once with its value.
 */
public final class LoadTest {
    /** Threads of the load generator (simulated meters and their publishing clients), whose CPU is reported apart. */
    private static final String GENERATOR_ROLE = "loadtest-pub-";
    private static final String GENERATOR_THREADS = NamedThreads.PREFIX + GENERATOR_ROLE;
    private static final long WINDOW_S = Long.getLong("ecofoyer.loadtest.window", 60);
    /** Meters and gateways of a load test belong to this household (and are reset at each run). */
    public static final String HOUSEHOLD = "loadtest";

    /**
     * @param publishers MQTT connections publishing (gateways are spread over them; each gateway always uses the same one)
     */
    /**
     * @param instances ingest instances on one shared subscription (1: in this process; more: each a process of its own)
     * @param killAfter when to SIGKILL the first instance (never restarted), or null
     * @param database where the instances connect (JDBC URL, user, password), for {@code instances > 1}
     */
    public record Options(String mqttUrl, String username, String password, int gateways, double ratePerGateway,
                          Duration duration, GatewayFormat format, boolean external, int publishers, int instances,
                          Duration killAfter, List<String> database) {
        public Options(String mqttUrl, String username, String password, int gateways, double ratePerGateway, Duration duration,
                       GatewayFormat format, boolean external, int publishers) {
            this(mqttUrl, username, password, gateways, ratePerGateway, duration, format, external, publishers, 1, null, null);
        }

        public Options {
            if (instances < 1 || (instances > 1 && external)) {
                throw new IllegalArgumentException("--instances: at least 1, and not with --external");
            }
            if (killAfter != null && instances < 2) {
                throw new IllegalArgumentException("--kill-one-after: needs --instances 2 or more (one is killed, the others go on)");
            }
            if (gateways < 1) {
                throw new IllegalArgumentException("--gateways: at least 1");
            }
            if (!(ratePerGateway > 0 && ratePerGateway <= 1)) {
                throw new IllegalArgumentException("--rate: frames per second per gateway, above 0 and at most 1 (a TIC DATE has"
                        + " one-second resolution), got " + ratePerGateway);
            }
        }
    }

    public record Result(int gateways, long frames, long readings, long stored, double readingsPerSecond, long lost,
                         long duplicates, long unexpected, double p99CommitMs, double cpuAverage, double cpuPeak,
                         long publishFailures, double seconds, String undrained) {
        /** The contract line, last in the output. */
        public String line() {
            return String.format(Locale.ROOT, "loadtest: gateways=%d frames=%d readings=%d readings_per_s=%.0f lost=%d duplicates=%d"
                    + " p99_commit_ms=%.0f", gateways, frames, readings, readingsPerSecond, lost, duplicates, p99CommitMs);
        }
    }

    private final Options options;
    private final DataSource dataSource;
    private final IngestConfig ingestConfig;
    private final PrintWriter out;

    public LoadTest(Options options, DataSource dataSource, IngestConfig ingestConfig, PrintWriter out) {
        this.options = options;
        this.dataSource = dataSource;
        this.ingestConfig = ingestConfig;
        this.out = out;
    }

    /** The gateways section an external {@code ecofoyer serve} needs for this load test. */
    public static List<GatewayConfig> gateways(int n, GatewayFormat format) {
        List<GatewayConfig> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new SimulatedGateway(i, HOUSEHOLD, format).config());
        }
        return out;
    }

    public Result run() throws Exception {
        List<SimulatedGateway> gateways = new ArrayList<>();
        for (int i = 0; i < options.gateways(); i++) {
            gateways.add(new SimulatedGateway(i, HOUSEHOLD, options.format()));
        }
        register(gateways);
        out.printf("loadtest: %d gateways registered (meters %s-0..%d), %s payloads, %.2f frame/s each for %s%n",
                gateways.size(), HOUSEHOLD, gateways.size() - 1, options.format().wireName(), options.ratePerGateway(),
                options.duration());
        out.flush();
        if (options.instances() > 1) {
            return runInstances(gateways);
        }

        IngestMetrics metrics = IngestMetrics.inMemory();
        ReadingWriter writer = null;
        ReadingPipeline pipeline = null;
        MqttSource source = null;
        if (!options.external()) {
            writer = new ReadingWriter(dataSource, ingestConfig.writer(), metrics).start();
            pipeline = new ReadingPipeline(writer, ingestConfig.downsampling(), Map.of(), null);
            String filter = gateways.get(0).config().topic().replace(HOUSEHOLD + "-0", "+");
            MqttConfig mqtt = new MqttConfig(options.mqttUrl(), options.username(), options.password(),
                    "ecofoyer-loadtest-" + UUID.randomUUID(), "loadtest-" + UUID.randomUUID(), List.of(filter),
                    Duration.ofHours(1), 65_535, null, null, Duration.ofMillis(200), Duration.ofSeconds(5));
            source = new MqttSource(mqtt, new GatewayDirectory(gateways.stream().map(SimulatedGateway::config).toList()),
                    new TicMessageDecoder(), pipeline).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!source.isConnected()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot subscribe at " + options.mqttUrl() + ": " + source.health().getString("last_error"));
                }
                Thread.sleep(50);
            }
        }

        CpuSampler cpu = new CpuSampler();
        cpu.start();
        ScheduledExecutorService minutes = Executors.newSingleThreadScheduledExecutor(NamedThreads.single("loadtest-timeline"));
        List<String> timeline = new java.util.concurrent.CopyOnWriteArrayList<>();
        long[][] last = {metrics.commitLatencyHistogram.snapshot()};
        int[] cpuFrom = {0};
        minutes.scheduleAtFixedRate(() -> {
            long[] now = metrics.commitLatencyHistogram.snapshot();
            int cpuTo = cpu.sampleCount();
            timeline.add(String.format(Locale.ROOT, "%.0f ms/%.0f%%", LatencyHistogram.percentileMs(now, last[0], 0.99),
                    cpu.average(cpuFrom[0], cpuTo) * 100));
            last[0] = now;
            cpuFrom[0] = cpuTo;
        }, WINDOW_S, WINDOW_S, TimeUnit.SECONDS);
        long t0 = System.nanoTime();
        Expected expected = new Expected(ingestConfig.downsampling());
        Publishing publishing = publish(gateways, expected);
        out.printf("loadtest: published %d frames (%d MQTT messages, %d failed) in %.1f s%n", publishing.frames, publishing.messages.get(),
                publishing.failures.get(), (System.nanoTime() - t0) / 1e9);
        out.flush();

        long stored;
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        if (!options.external()) {
            drain(source, pipeline, publishing.messages.get());
            // The commit latency of the load itself: what the orderly stop writes below (every value downsampling still
            // holds, at once) is timed apart.
            p50 = metrics.commitLatencyHistogram.percentileMs(0.5);
            p99 = metrics.commitLatencyHistogram.percentileMs(0.99);
            minutes.shutdownNow();
            out.println("loadtest: each minute, commit p99 / CPU: " + String.join(", ", timeline));
            source.close();
            long stop0 = System.nanoTime();
            pipeline.close();
            writer.close(Duration.ofSeconds(60));
            out.printf(Locale.ROOT, "loadtest: orderly stop: the values downsampling held back written in %.0f ms%n",
                    (System.nanoTime() - stop0) / 1e6);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Comparison cmp = compare(expected, options.external() ? ingestConfig.downsampling().idleFlush().plusMinutes(2) : Duration.ZERO);
        if (options.external()) {
            seconds = (System.nanoTime() - t0) / 1e9;
        }
        cpu.stop();
        minutes.shutdownNow();
        stored = cmp.stored;
        Result r = new Result(gateways.size(), publishing.frames, expected.inputReadings, stored, expected.inputReadings / seconds,
                cmp.lost, cmp.duplicates, cmp.unexpected, p99, cpu.average(), cpu.peak(), publishing.failures.get(), seconds, null);
        out.printf(Locale.ROOT, "loadtest: stored %d rows (%d expected after downsampling, %d unexpected) in %.1f s; writer: %d"
                        + " duplicates ignored, p50 commit %.0f ms%n", stored, expected.rows, cmp.unexpected, seconds,
                (long) metrics.duplicates(), p50);
        if (!options.external()) {
            out.printf(Locale.ROOT, "loadtest: writer: %d transactions, %.0f readings each on average, transaction time mean %.0f ms,"
                            + " max %.0f ms%n", metrics.transactionTime.count(), metrics.batchSize.mean(),
                    metrics.transactionTime.mean(TimeUnit.MILLISECONDS), metrics.transactionTime.max(TimeUnit.MILLISECONDS));
        }
        double generator = cpu.generatorShare();
        out.printf(Locale.ROOT, "loadtest: CPU (whole machine, %d cores) average %.0f%%, peak %.0f%% -> headroom %.0f%%; of the average,"
                        + " the load generator itself (simulated meters and their MQTT clients) used %.0f%%, so ingest, broker"
                        + " and database used %.0f%%%n", Runtime.getRuntime().availableProcessors(), cpu.average() * 100,
                cpu.peak() * 100, (1 - cpu.average()) * 100, generator * 100, Math.max(0, cpu.average() - generator) * 100);
        out.println(r.line());
        out.flush();
        return r;
    }

    private void register(List<SimulatedGateway> gateways) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            SimulatedGateway.register(c, HOUSEHOLD, "Load test", gateways);
        }
    }

    private static final class Publishing {
        long frames;
        final AtomicLong messages = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
    }

    /** Publishes from every gateway at its rate, spread evenly over each period, until the duration is over. */
    private Publishing publish(List<SimulatedGateway> gateways, Expected expected) throws Exception {
        Publishing p = new Publishing();
        int n = Math.max(1, Math.min(options.publishers(), gateways.size()));
        long periodNanos = (long) (1e9 / options.ratePerGateway());
        long start = System.nanoTime();
        long end = start + options.duration().toNanos();
        Instant wallStart = Instant.now();
        List<Thread> threads = new ArrayList<>();
        List<MqttAsyncClient> clients = new ArrayList<>();
        // Paho's own threads for the publishing clients, named so that the CPU they use counts as the load generator's.
        ScheduledExecutorService io = Executors.newScheduledThreadPool(4 * n + 2, NamedThreads.pool(GENERATOR_ROLE + "io"));
        AtomicLong frames = new AtomicLong();
        List<Exception> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int k = 0; k < n; k++) {
            MqttAsyncClient client = new MqttAsyncClient(options.mqttUrl(), "ecofoyer-loadtest-pub-" + k + "-" + UUID.randomUUID(),
                    new MemoryPersistence(), new TimerPingSender(io), io);
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(true);
            if (options.username() != null) {
                o.setUserName(options.username());
                o.setPassword(options.password() == null ? null : options.password().getBytes(StandardCharsets.UTF_8));
            }
            client.connect(o).waitForCompletion(30_000);
            clients.add(client);
            int first = k;
            Semaphore inFlight = new Semaphore(2000);
            Thread t = NamedThreads.thread(GENERATOR_ROLE + k, () -> {
                try {
                    for (long step = 0; ; step++) {
                        for (int g = first; g < gateways.size(); g += n) {
                            long due = start + step * periodNanos + periodNanos * g / gateways.size();
                            if (due >= end) {
                                return;
                            }
                            long wait = due - System.nanoTime();
                            if (wait > 0) {
                                LockSupport.parkNanos(wait);
                            }
                            Instant at = wallStart.plusNanos(due - start);
                            SimulatedGateway gw = gateways.get(g);
                            SimulatedGateway.Published pub = gw.next(at);
                            expected.add(gw.meter(), pub.readings());
                            frames.incrementAndGet();
                            for (GatewayPayloads.Message m : pub.messages()) {
                                inFlight.acquire();
                                MqttMessage msg = new MqttMessage(m.payload());
                                msg.setQos(1);
                                client.publish(m.topic(), msg, null, new MqttActionListener() {
                                    @Override
                                    public void onSuccess(IMqttToken token) {
                                        p.messages.incrementAndGet();
                                        inFlight.release();
                                    }

                                    @Override
                                    public void onFailure(IMqttToken token, Throwable e) {
                                        p.failures.incrementAndGet();
                                        inFlight.release();
                                    }
                                });
                            }
                        }
                    }
                } catch (Exception e) {
                    errors.add(e);
                } finally {
                    inFlight.acquireUninterruptibly(2000); // every publish acknowledged (or failed)
                }
            });
            threads.add(t);
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        for (MqttAsyncClient c : clients) {
            c.disconnect().waitForCompletion(10_000);
            c.close();
        }
        io.shutdown();
        if (!errors.isEmpty()) {
            throw errors.get(0);
        }
        p.frames = frames.get();
        expected.finish();
        return p;
    }

    /**
     * Waits until every published message was received and everything queued was committed; only messages whose
     * values downsampling holds back may still await their acknowledgement: closing the pipeline writes those.
     */
    private void drain(MqttSource source, ReadingPipeline pipeline, long published) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (System.nanoTime() < deadline) {
            var h = source.health();
            if (h.getLong("received") >= published && h.getLong("pending_acks") <= pipeline.heldMessages()
                    && pipeline.writer().queuedReadings() == 0) {
                return;
            }
            Thread.sleep(50);
        }
        out.println("loadtest: WARNING: the pipeline did not drain within 10 minutes");
    }

    private record Comparison(long stored, long lost, long duplicates, long unexpected) {
    }

    /** Loads the expected rows into a temporary table and compares with {@code reading}, key and value. */
    private Comparison compare(Expected expected, Duration wait) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TEMP TABLE loadtest_expected (meter text, channel text, instant timestamptz, value bigint)");
            }
            c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY loadtest_expected FROM STDIN",
                    new ByteArrayInputStream(expected.copy.toString().getBytes(StandardCharsets.UTF_8)));
            loadPublished(c, expected);
            long deadline = System.nanoTime() + wait.toNanos();
            Comparison cmp;
            do {
                cmp = compareOnce(c);
                if (cmp.lost == 0 || System.nanoTime() >= deadline) {
                    break;
                }
                Thread.sleep(5000); // an external server writes held-back values after its idle delay
            } while (true);
            try (Statement st = c.createStatement()) {
                st.execute("DROP TABLE loadtest_expected");
                st.execute("DROP TABLE loadtest_published");
            }
            return cmp;
        }
    }

    private static Comparison compareOnce(Connection c) throws SQLException {
        String mine = "SELECT r.* , m.code FROM reading r JOIN meter m ON m.id = r.meter_id WHERE m.household_id = '" + HOUSEHOLD + "'";
        long lost = scalar(c, "SELECT count(*) FROM (SELECT DISTINCT * FROM loadtest_expected) e WHERE NOT EXISTS (SELECT 1 FROM ("
                + mine + ") r WHERE r.code = e.meter AND r.channel = e.channel AND r.instant = e.instant AND r.value = e.value)");
        long stored = scalar(c, "SELECT count(*) FROM (" + mine + ") r");
        long duplicates = doubles(c);
        long unexpected = scalar(c, "SELECT count(*) FROM (" + mine + ") r WHERE NOT EXISTS (SELECT 1 FROM loadtest_expected e"
                + " WHERE r.code = e.meter AND r.channel = e.channel AND r.instant = e.instant)");
        return new Comparison(stored, lost, duplicates, unexpected);
    }

    /**
     * Where each published index value was shown: per (meter, register, value), the first and last instant a frame
     * carried it. A stored index row at an instant outside its value's span says the meter showed that value when it
     * did not: a frame stored again under another instant (a redelivered frame stamped anew) — the way doubles really
     * happen, which the table's key cannot see. A row inside the span is true, even when downsampling stores a value
     * twice (an idle register's last unchanged value is stored again when it moves).
     */
    private static void loadPublished(Connection c, Expected expected) throws Exception {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TEMP TABLE loadtest_published (meter text, channel text, value bigint, first timestamptz,"
                    + " last timestamptz)");
        }
        c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY loadtest_published FROM STDIN",
                new ByteArrayInputStream(expected.published().getBytes(StandardCharsets.UTF_8)));
        try (Statement st = c.createStatement()) {
            st.execute("CREATE INDEX ON loadtest_published (meter, channel, value)");
            st.execute("ANALYZE loadtest_published");
        }
    }

    private static final String MINE = "SELECT r.*, m.code FROM reading r JOIN meter m ON m.id = r.meter_id WHERE m.household_id = '"
            + HOUSEHOLD + "'";

    /** Stored index rows whose value was published, under an instant at which the meter did not show it. */
    private static long doubles(Connection c) throws SQLException {
        return scalar(c, "SELECT count(*) FROM (" + MINE + ") r JOIN loadtest_published p ON p.meter = r.code"
                + " AND p.channel = r.channel AND p.value = r.value WHERE r.instant < p.first OR r.instant > p.last");
    }

    /**
     * With several instances each downsamples its share of a meter's frames, so the stored rows differ from one
     * downsampler's; what must be there whatever the split is what the rollups read: for each (meter, register) and
     * each half-hour, the last value it showed in it. {@code lost} counts those missing; {@code unexpected}, stored index
     * values never published.
     */
    private static Comparison compareRequired(Connection c) throws SQLException {
        long lost = scalar(c, "SELECT count(*) FROM (SELECT meter, channel, max(value) v FROM loadtest_published"
                + " GROUP BY meter, channel, date_bin('30 minutes', last, TIMESTAMPTZ '2000-01-01')) req WHERE NOT EXISTS"
                + " (SELECT 1 FROM (" + MINE + ") r WHERE r.code = req.meter AND r.channel = req.channel AND r.value = req.v)");
        long stored = scalar(c, "SELECT count(*) FROM (" + MINE + ") r");
        long unexpected = scalar(c, "SELECT count(*) FROM (" + MINE + ") r WHERE r.channel LIKE 'index.%' AND NOT EXISTS"
                + " (SELECT 1 FROM loadtest_published p WHERE p.meter = r.code AND p.channel = r.channel AND p.value = r.value)");
        return new Comparison(stored, lost, doubles(c), unexpected);
    }

    /** {@code --instances N}: N ingest processes on one shared subscription, the first SIGKILLed if asked. */
    private Result runInstances(List<SimulatedGateway> gateways) throws Exception {
        String group = "loadtest-" + UUID.randomUUID();
        List<InstanceProcess> instances = new ArrayList<>();
        ScheduledExecutorService killer = Executors.newSingleThreadScheduledExecutor(NamedThreads.single("loadtest-killer"));
        FailoverWatch watch = null;
        try {
            List<String> db = options.database();
            for (int k = 0; k < options.instances(); k++) {
                String id = "ecofoyer-loadtest-" + k + "-" + UUID.randomUUID().toString().substring(0, 8);
                instances.add(InstanceProcess.start(List.of(db.get(0), db.get(1), db.get(2) == null ? "-" : db.get(2),
                        options.mqttUrl(), options.username() == null ? "-" : options.username(),
                        options.password() == null ? "-" : options.password(), id, group, String.valueOf(gateways.size()),
                        options.format().wireName()), id));
            }
            out.printf("loadtest: %d ingest instances subscribed in shared group %s; load average %s%n", instances.size(), group,
                    loadAverage());
            out.flush();
            SessionLeases leases = new SessionLeases(dataSource);
            watch = new FailoverWatch(instances, leases, out).start();
            FailoverWatch w = watch;
            InstanceProcess victim = instances.get(0);
            java.util.concurrent.CompletableFuture<InstanceProcess.Health> killed = new java.util.concurrent.CompletableFuture<>();
            double[] victimCpu = {Double.NaN};
            if (options.killAfter() != null) {
                killer.schedule(() -> {
                    InstanceProcess.Health h = victim.health();
                    victimCpu[0] = victim.loadCpuSeconds();
                    try {
                        victim.kill();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    w.killed(victim.clientId);
                    killed.complete(h);
                }, options.killAfter().toMillis(), TimeUnit.MILLISECONDS);
            }
            long t0 = System.nanoTime();
            Expected expected = new Expected(ingestConfig.downsampling());
            Publishing publishing = publish(gateways, expected);
            double publishSeconds = (System.nanoTime() - t0) / 1e9;
            out.printf(Locale.ROOT, "loadtest: published %d frames (%d MQTT messages, %d failed) in %.1f s (the duration: %d s);"
                            + " load average %s%n", publishing.frames, publishing.messages.get(), publishing.failures.get(),
                    publishSeconds, options.duration().toSeconds(), loadAverage());
            InstanceProcess.Health atKill = null;
            if (options.killAfter() != null) {
                atKill = killed.get(options.killAfter().toSeconds() + 60, TimeUnit.SECONDS);
                out.printf("loadtest: instance %s SIGKILLed after %s, never restarted: it had received %d messages, acknowledged"
                        + " %d, %d in flight%n", victim.clientId, options.killAfter(), atKill.received(), atKill.acknowledged(),
                        atKill.pendingAcks());
            }
            out.flush();
            List<InstanceProcess> live = instances.stream().filter(InstanceProcess::alive).toList();
            String undrained = settle(live, atKill == null ? null : victim, leases, watch);
            double seconds = (System.nanoTime() - t0) / 1e9;
            watch.close();
            report(watch, victim, atKill, victimCpu[0], live, publishing, gateways.size());
            for (InstanceProcess p : live) {
                p.stop(); // the orderly stop writes what its downsampling holds
            }
            Comparison cmp;
            try (Connection c = dataSource.getConnection()) {
                loadPublished(c, expected);
                cmp = compareRequired(c);
                try (Statement st = c.createStatement()) {
                    st.execute("DROP TABLE loadtest_published");
                }
            }
            out.printf(Locale.ROOT, "loadtest: stored %d rows; required (each register's last value in each half-hour): %d"
                    + " missing; index values stored under an instant the meter did not show them: %d; never published: %d%n",
                    cmp.stored, cmp.lost, cmp.duplicates, cmp.unexpected);
            if (undrained != null) {
                out.println("loadtest: NOT DRAINED (the verdict counts what was stored when the wait ended): " + undrained);
            }
            Result r = new Result(gateways.size(), publishing.frames, expected.inputReadings, cmp.stored,
                    expected.inputReadings / seconds, cmp.lost, cmp.duplicates, cmp.unexpected, Double.NaN, 0, 0,
                    publishing.failures.get(), seconds, undrained);
            out.println(r.line());
            out.flush();
            return r;
        } finally {
            killer.shutdownNow();
            if (watch != null) {
                watch.close();
            }
            for (InstanceProcess p : instances) {
                if (p.alive()) {
                    p.kill();
                }
            }
        }
    }

    /** Stored rows and handled messages unchanged this long (with nothing else pending): the instances are drained. */
    private static final Duration SETTLED = Duration.ofSeconds(Long.getLong("ecofoyer.loadtest.settled", 15));

    /**
     * Waits until (a) every session is drained: the killed instance's lease is gone (a peer adopted its session, drained
     * it and ended it: the lease is released only then), no adoption is in progress, and no writer has anything queued;
     * and (b) what is stored and what the instances handled stopped changing for {@link #SETTLED}. Bounded by the
     * run's duration (at least 10 minutes): null when drained, else what was still pending at the deadline.
     */
    private String settle(List<InstanceProcess> live, InstanceProcess victim, SessionLeases leases, FailoverWatch watch)
            throws InterruptedException {
        Duration limit = options.duration().compareTo(Duration.ofMinutes(10)) > 0 ? options.duration() : Duration.ofMinutes(10);
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        long lastStored = -1;
        long lastHandled = -1;
        long since = System.nanoTime();
        while (true) {
            List<String> pending = new ArrayList<>();
            if (victim != null) {
                try {
                    leases.find(victim.clientId).ifPresent(l -> pending.add(String.format(Locale.ROOT,
                            "the session of the killed %s is not drained and ended: its lease is held by %s, %s", victim.clientId,
                            l.holder().equals(victim.clientId) ? "itself" : l.holder(), l.lapsed()
                                    ? String.format(Locale.ROOT, "lapsed %.0f s ago, not yet claimed", -l.expiresInSeconds())
                                    : String.format(Locale.ROOT, "expiring in %.0f s", l.expiresInSeconds()))));
                } catch (RuntimeException e) {
                    pending.add("the killed instance's lease cannot be read: " + e.getMessage());
                }
            }
            pending.addAll(watch.inProgress());
            long handled = 0;
            for (InstanceProcess p : live) {
                InstanceProcess.Health h = p.health();
                handled += h.handled();
                if (h.queued() > 0) {
                    pending.add(p.clientId + " has " + h.queued() + " readings queued for its writer");
                }
            }
            long stored;
            try (Connection c = dataSource.getConnection()) {
                stored = scalar(c, "SELECT count(*) FROM (" + MINE + ") r");
            } catch (SQLException e) {
                stored = -2;
                pending.add("the stored rows cannot be counted: " + e.getMessage());
            }
            long now = System.nanoTime();
            if (stored != lastStored || handled != lastHandled) {
                if (lastStored >= 0 && (now - since) / 1e9 > 1) {
                    pending.add(String.format(Locale.ROOT, "stored rows %d -> %d and handled messages %d -> %d in the last poll",
                            lastStored, stored, lastHandled, handled));
                }
                lastStored = stored;
                lastHandled = handled;
                since = now;
            }
            if (now - since < SETTLED.toNanos()) {
                pending.add("stored rows or handled messages changed " + (now - since) / 1_000_000_000 + " s ago");
            }
            if (pending.isEmpty()) {
                out.printf(Locale.ROOT, "loadtest: drained %.1f s after publishing ended (%d rows stored, %d messages handled by"
                        + " the live instances)%n", (now - start) / 1e9, stored, handled);
                return null;
            }
            if (now - deadline > 0) {
                return "after " + limit.toSeconds() + " s: " + String.join("; ", pending);
            }
            Thread.sleep(2000); // polling processes and the database (the wait's own period)
        }
    }

    /**
     * The failover (who adopted which session, when, how much it drained) and each instance's CPU per meter-second:
     * its CPU time from READY to the end of the drain (not its start, not its orderly stop) over the meter-seconds of
     * the messages it handled (its own session's and the adopted ones').
     */
    private void report(FailoverWatch watch, InstanceProcess victim, InstanceProcess.Health atKill, double victimCpu,
                        List<InstanceProcess> live, Publishing publishing, int gateways) {
        for (FailoverWatch.Adoption a : watch.finished()) {
            out.printf(Locale.ROOT, "loadtest: adoption: %s took the session of %s at +%.1f s after the kill, %s at +%.1f s, %d"
                            + " messages drained%n", a.adopter(), a.session(), watch.sinceKillSeconds(a.startNanos()),
                    a.ended() ? "drained and ended it" : "gave it up", watch.sinceKillSeconds(a.endNanos()), a.messages());
        }
        if (atKill != null) {
            out.printf(Locale.ROOT, "loadtest: failover timing: lease lapsed +%.1f s after the kill (lease-ttl 30 s), %d adoption(s)%n",
                    watch.lapsedAfter(), watch.finished().size());
        }
        double meterSecondsPerMessage = gateways * (double) options.duration().toSeconds() / Math.max(1, publishing.messages.get());
        long handledAll = atKill == null ? 0 : atKill.received();
        if (atKill != null) {
            cpuLine(victim.clientId + " (killed)", atKill.received(), victimCpu, meterSecondsPerMessage);
        }
        for (InstanceProcess p : live) {
            InstanceProcess.Health h = p.health();
            handledAll += h.handled();
            out.printf("loadtest: instance %s received %d messages on its own session, %d on adopted sessions%n", p.clientId,
                    h.received(), h.adoptedMessages() + h.adoptingReceived());
            cpuLine(p.clientId, h.handled(), p.loadCpuSeconds(), meterSecondsPerMessage);
        }
        // What never reached an instance (redeliveries count twice, so a lower bound when there were any)
        out.printf("loadtest: messages published and never handled by an instance: %d of %d%n",
                Math.max(0, publishing.messages.get() - handledAll), publishing.messages.get());
    }

    private void cpuLine(String who, long messages, double cpuSeconds, double meterSecondsPerMessage) {
        double meterSeconds = messages * meterSecondsPerMessage;
        out.printf(Locale.ROOT, "loadtest: CPU of instance %s: %.1f s for %d messages = %.0f meter-seconds -> %.3f ms per"
                + " meter-second%n", who, cpuSeconds, messages, meterSeconds, cpuSeconds * 1000 / meterSeconds);
    }

    private static String loadAverage() {
        try {
            String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static long scalar(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** What must be in the database: each gateway's readings through its own {@link Downsampler}, in publish order. */
    private static final class Expected {
        private final DownsamplingConfig config;
        private final Map<String, Downsampler<Object>> meters = new java.util.concurrent.ConcurrentHashMap<>();
        final StringBuilder copy = new StringBuilder();
        long inputReadings;
        long rows;

        Expected(DownsamplingConfig config) {
            this.config = config;
        }

        /** Per "meter TAB channel TAB value" of an index, the first and last instant (epoch µs) a frame carried it. */
        private final Map<String, long[]> spans = new java.util.concurrent.ConcurrentHashMap<>();

        void add(String meter, List<Reading> readings) {
            for (Reading r : readings) {
                if (r.channel().startsWith(org.ecofoyer.core.Channels.INDEX_PREFIX)) {
                    long at = r.instant().getEpochSecond() * 1_000_000 + r.instant().getNano() / 1000;
                    spans.merge(meter + '\t' + r.channel() + '\t' + r.value(), new long[] {at, at},
                            (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
                }
            }
            Downsampler<Object> d = meters.computeIfAbsent(meter, m -> new Downsampler<>(m, config));
            List<Reading> keep = d.accept(readings, null, System.nanoTime()).keep;
            append(readings.size(), keep);
        }

        /** The spans as COPY text (meter, channel, value, first, last). */
        String published() {
            StringBuilder b = new StringBuilder(spans.size() * 64);
            spans.forEach((k, v) -> b.append(k).append('\t').append(micros(v[0])).append('\t').append(micros(v[1])).append('\n'));
            return b.toString();
        }

        private static Instant micros(long us) {
            return Instant.ofEpochSecond(Math.floorDiv(us, 1_000_000), Math.floorMod(us, 1_000_000) * 1000);
        }

        void finish() {
            for (Downsampler<Object> d : meters.values()) {
                append(0, d.flushAll().keep);
            }
        }

        private synchronized void append(int input, List<Reading> keep) {
            inputReadings += input;
            for (Reading r : keep) {
                copy.append(r.meter()).append('\t').append(r.channel()).append('\t').append(r.instant()).append('\t')
                        .append(r.value()).append('\n');
                rows++;
            }
        }
    }

    /**
     * Whole-machine CPU load, sampled every second, and the CPU time of the load generator's own threads (so that the
     * headroom left to ingest, the broker and the database can be told apart from what the simulation itself costs).
     */
    private static final class CpuSampler {
        private final com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        private final List<Double> samples = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final Map<Long, Long> generatorCpu = new java.util.concurrent.ConcurrentHashMap<>();
        private volatile boolean running;
        private long startNanos;
        private long stopNanos;
        private Thread thread;

        void start() {
            running = true;
            startNanos = System.nanoTime();
            thread = NamedThreads.thread("loadtest-cpu", () -> {
                while (running) {
                    double load = os.getCpuLoad();
                    if (load >= 0) {
                        samples.add(load);
                    }
                    sampleGenerator();
                    LockSupport.parkNanos(1_000_000_000L);
                }
            });
            thread.start();
        }

        void stop() {
            running = false;
            stopNanos = System.nanoTime();
        }

        /** Last CPU time seen per generator thread (a thread that ended keeps its last sample, taken ≤ 1 s before). */
        private void sampleGenerator() {
            for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info != null && info.getThreadName().startsWith(GENERATOR_THREADS)) {
                    long cpu = threads.getThreadCpuTime(info.getThreadId());
                    if (cpu > 0) {
                        generatorCpu.put(info.getThreadId(), cpu);
                    }
                }
            }
        }

        /** The load generator's CPU time as a share of the whole machine over the run. */
        double generatorShare() {
            long cpu = generatorCpu.values().stream().mapToLong(Long::longValue).sum();
            double capacity = (double) (stopNanos - startNanos) * Runtime.getRuntime().availableProcessors();
            return capacity > 0 ? cpu / capacity : 0;
        }

        double average() {
            return samples.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        }

        int sampleCount() {
            return samples.size();
        }

        /** The average of samples {@code [from, to)}. */
        double average(int from, int to) {
            return samples.subList(from, to).stream().mapToDouble(Double::doubleValue).average().orElse(0);
        }

        double peak() {
            return samples.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        }
    }
}
