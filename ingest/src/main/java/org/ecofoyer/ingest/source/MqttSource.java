package org.ecofoyer.ingest.source;

import org.ecofoyer.drivers.Reading;
import org.ecofoyer.ingest.IngestMetrics;
import org.ecofoyer.ingest.InstantsConfig;
import org.ecofoyer.ingest.writer.LastStamps;
import org.ecofoyer.ingest.writer.SessionFenced;
import org.ecofoyer.ingest.RateLimitedLog;
import org.ecofoyer.ingest.pipeline.Arrival;
import org.ecofoyer.ingest.pipeline.ReadingPipeline;
import org.ecofoyer.ingest.pipeline.SessionEpoch;
import org.ecofoyer.storage.Redact;

import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.ecofoyer.core.runtime.NamedThreads;
import org.ecofoyer.gateway.GatewayConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT source (Eclipse Paho, MQTT v5): QoS 1 on a shared subscription {@code $share/<group>/<filter>}, persistent
 * session (clean start off, session expiry set), <b>manual acknowledgements sent only once the message's readings
 * are committed</b>. Until then the broker holds the message and redelivers it if this instance goes away, so a crash
 * loses nothing and a redelivery is ignored by the writer. Reconnects and resubscribes by itself, with backoff.
 *
 * <p>Each message's topic must be a registered gateway's, and the meter id inside the payload (ADCO/ADSC) the one
 * bound to that gateway; anything else is acknowledged (it will never become valid), counted and logged
 * (rate-limited), never written: one household's gateway must never write another's data.
 *
 * <p><b>Back-pressure never blocks Paho's threads</b>: a message is checked and decoded on Paho's callback thread, then
 * handed to the writer on a thread of its own ({@code mqtt-handover}, or the burst stamper's), which waits while the
 * writer's queue is full. Paho's thread goes on reading the socket, so keepalive answers are read however slow the
 * database is; what piles up meanwhile is bounded by the receive maximum, because nothing is acknowledged before its
 * commit and the broker sends no more than that many unacknowledged messages (the rest waits at the broker).
 *
 * <p><b>Redeliveries</b> of undated messages are told to the pipeline ({@link Arrival}), which does not store their
 * known index values again: Paho does not pass the DUP flag on to the application, so a message is taken for a resend
 * when it bears the packet id and topic of one received on the previous connection (a broker resends what was not
 * acknowledged with its original packet id, MQTT 5, 4.4); any other undated message in the first
 * {@link Arrival#RESEND_WINDOW} of a connection may still be a redelivery of what an earlier process committed (the
 * pipeline checks the store for meters it has not seen).
 *
 * <p>An <b>adopting</b> source ({@link #adopting}) connects with a dead peer's client id to drain the messages its
 * session holds (see {@link SessionFailover}): it does not subscribe, does not reconnect, and ends the session once
 * drained ({@link #endAdoptedSession}).
 */
public final class MqttSource implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MqttSource.class);

    private final MqttConfig config;
    private final GatewayDirectory gateways;
    private final MessageDecoder decoder;
    private final ReadingPipeline pipeline;
    private final IngestMetrics metrics;
    private final RateLimitedLog rejects = new RateLimitedLog(LOG, Duration.ofSeconds(30));
    private final ScheduledExecutorService scheduler;
    private final AtomicInteger generation = new AtomicInteger();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong pendingAcks = new AtomicLong();
    private final AtomicLong connectionLosses = new AtomicLong();
    /** Messages decoded and waiting for room in the writer's queue (off Paho's thread). */
    private final AtomicInteger backlog = new AtomicInteger();
    private final ExecutorService handover;
    private final boolean adopting;
    private volatile long lastArrivalNanos = System.nanoTime();
    private volatile MqttAsyncClient client;
    private volatile boolean connected;
    private volatile boolean closed;
    private volatile boolean stopping;
    private final Object settled = new Object();
    private volatile String lastError = "not connected yet";
    private volatile long backoffMillis;
    private volatile boolean outageLogged;
    private volatile boolean adoptionLost;
    /** Kept off the broker by {@link SessionFailover}: this instance does not hold the lease on its client id. */
    private volatile boolean fenced;
    /**
     * The session's fence epoch: moved on by {@link #fence()} (a peer may adopt the session), never by a plain
     * reconnection (the resends then come back here and are recognised). What was received before a fence is not
     * committed after it (the write transaction checks the message's ticket).
     */
    private final SessionEpoch epoch = new SessionEpoch();
    /**
     * The topic of each packet id received on this connection and on the previous one (QoS 1 ids are 1..65535): a
     * message with a previous connection's id and topic is a resend. Written on Paho's callback thread only; swapped
     * when the connection is lost.
     */
    private volatile String[] topicsById = new String[1 << 16];
    private volatile String[] previousTopicsById;
    private volatile boolean anyOnConnection;
    /** When the current connection was begun: its first {@link Arrival#RESEND_WINDOW} may bring resends. */
    private volatile long connectingNanos = System.nanoTime();

    /** A message handed over or waiting for its stamp: what its acknowledgement needs. */
    private record Delivery(String topic, GatewayConfig gateway, int id, int qos, int gen, Arrival arrival,
                            SessionEpoch.Ticket ticket) {
    }

    private final Clock clock;
    private final BurstStamper<Delivery> stamper;
    private volatile CommissioningRecorder commissioning;

    /** With the default instants settings, the system clock, and no stored last instants. */
    public MqttSource(MqttConfig config, GatewayDirectory gateways, MessageDecoder decoder, ReadingPipeline pipeline) {
        this(config, gateways, decoder, pipeline, InstantsConfig.DEFAULTS, Clock.systemUTC(), LastStamps.NONE);
    }

    /**
     * @param instants   the burst gap (0: every message is stamped on reception, at once)
     * @param clock      the receiving clock: reception times
     * @param lastStamps where a gateway's first burst of this process starts (the meter's last stored instant)
     */
    public MqttSource(MqttConfig config, GatewayDirectory gateways, MessageDecoder decoder, ReadingPipeline pipeline,
                      InstantsConfig instants, Clock clock, LastStamps lastStamps) {
        this(config, gateways, decoder, pipeline, instants, clock, lastStamps, false);
    }

    /**
     * A source that takes over the session of a dead peer ({@code config}'s client id is the peer's) to drain it
     * through the same checks, pipeline and acknowledgements after commit; see {@link SessionFailover}.
     */
    static MqttSource adopting(MqttConfig config, GatewayDirectory gateways, MessageDecoder decoder, ReadingPipeline pipeline,
                               InstantsConfig instants, Clock clock, LastStamps lastStamps) {
        return new MqttSource(config, gateways, decoder, pipeline, instants, clock, lastStamps, true);
    }

    private MqttSource(MqttConfig config, GatewayDirectory gateways, MessageDecoder decoder, ReadingPipeline pipeline,
                       InstantsConfig instants, Clock clock, LastStamps lastStamps, boolean adopting) {
        this.adopting = adopting;
        this.clock = clock;
        this.stamper = instants.burstGap().isZero() ? null : new BurstStamper<>(instants.burstGap(), lastStamps, this::handOver);
        if (!config.enabled()) {
            throw new IllegalArgumentException("mqtt.url is not set");
        }
        this.config = config;
        this.gateways = gateways;
        this.decoder = decoder;
        this.pipeline = pipeline;
        // Past the receive maximum the broker stops sending: held values must not take more than half of it.
        pipeline.limitHeldMessages(config.receiveMaximum() / 2);
        this.metrics = pipeline.writer().metrics();
        this.backoffMillis = config.reconnectMin().toMillis();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(NamedThreads.single(adopting ? "mqtt-adopt-connect" : "mqtt-connect"));
        this.handover = Executors.newSingleThreadExecutor(NamedThreads.single(adopting ? "mqtt-adopt-handover" : "mqtt-handover"));
        if (!adopting) {
            metrics.gauge("ingest.mqtt.connected", "1 while the MQTT source is connected and subscribed", () -> connected ? 1 : 0);
            metrics.gauge("ingest.mqtt.pending.acks", "MQTT messages received and not yet acknowledged", pendingAcks::get);
            metrics.gauge("ingest.mqtt.backlog", "MQTT messages decoded and waiting for room in the writer's queue (held back)",
                    backlog::get);
        }
    }

    /** Reports what each registered gateway's topic brings to {@code recorder} (the commissioning checklist). */
    public MqttSource recordingTo(CommissioningRecorder recorder) {
        this.commissioning = recorder;
        return this;
    }

    /** Starts connecting in the background (a broker that is down at start is retried like any outage). */
    public MqttSource start() {
        scheduler.execute(this::connect);
        return this;
    }

    public boolean isConnected() {
        return connected;
    }

    /** For {@code /health}. */
    public JsonObject health() {
        return new JsonObject().put("up", connected).put("url", Redact.url(config.url())).put("client_id", config.clientId())
                .put("shared_group", config.sharedGroup()).put("gateways", gateways.size())
                .put("received", received.get()).put("acknowledged", acked.get()).put("pending_acks", pendingAcks.get())
                .put("held_back", backlog.get()).put("connection_losses", connectionLosses.get())
                .put("fenced", fenced)
                .put("redeliveries_recognised", metrics.redeliveriesRecognised())
                .put("last_error", connected ? null : lastError);
    }

    private void connect() {
        if (closed || fenced || connected) {
            return; // fenced: SessionFailover connects it again once the lease is held; connected: a second request
        }
        try {
            if (client == null) {
                client = new MqttAsyncClient(config.url(), config.clientId(), new MemoryPersistence());
                client.setManualAcks(true);
                client.setCallback(new Callback());
            }
            connectingNanos = System.nanoTime(); // before CONNECT: the broker's resends follow its CONNACK at once
            IMqttToken connection = client.connect(options());
            connection.waitForCompletion(30_000);
            if (!connection.getSessionPresent()) {
                previousTopicsById = null; // a new session: the broker has nothing to send again
            }
            if (!adopting) {
                subscribe(); // an adopted session keeps its subscriptions: it is drained, not extended
            }
            lastArrivalNanos = System.nanoTime();
            connected = true;
            backoffMillis = config.reconnectMin().toMillis();
            if (fenced) {
                disconnectFenced(); // fenced while it connected
                return;
            }
            if (adopting) {
                LOG.info("MQTT: took over the session of {} to drain what it holds", config.clientId());
            } else if (outageLogged) {
                LOG.info("MQTT: reconnected to {} and resubscribed", Redact.url(config.url()));
            } else {
                LOG.info("MQTT: connected to {} as {}, subscribed to {} in shared group {}", Redact.url(config.url()), config.clientId(),
                        config.topics(), config.sharedGroup());
            }
            outageLogged = false;
        } catch (MqttException | RuntimeException e) {
            connected = false;
            lastError = describe(e);
            if (!outageLogged) {
                outageLogged = true;
                LOG.warn("MQTT: cannot connect to {} ({}); retrying with backoff up to {}", Redact.url(config.url()), lastError,
                        config.reconnectMax());
            }
            try {
                if (client != null && client.isConnected()) {
                    client.disconnectForcibly(0, 1000, false);
                }
            } catch (MqttException ignored) {
                // we are reconnecting anyway
            }
            scheduleReconnect();
        }
    }

    private void scheduleReconnect() {
        if (closed || adopting) {
            return;
        }
        long delay = backoffMillis;
        backoffMillis = Math.min(backoffMillis * 2, config.reconnectMax().toMillis());
        scheduler.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    private MqttConnectionOptions options() throws MqttException {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(false);
        o.setSessionExpiryInterval(config.sessionExpiry().toSeconds());
        o.setReceiveMaximum(config.receiveMaximum());
        o.setAutomaticReconnect(false); // ours: backoff, resubscribe, logged once per outage
        // A silent broker (a partition: no RST) is noticed by the keepalive alone. Paho pings after this long without
        // traffic and gives up at its next check, one interval later: 10 s keeps that within 30 s, as /health promises.
        o.setKeepAliveInterval(10);
        o.setConnectionTimeout(10);
        if (config.username() != null) {
            o.setUserName(config.username());
        }
        if (config.password() != null) {
            o.setPassword(config.password().getBytes(StandardCharsets.UTF_8));
        }
        if (config.url().startsWith("ssl://") || config.url().startsWith("wss://")) {
            o.setSocketFactory(sslContext().getSocketFactory());
            o.setHttpsHostnameVerificationEnabled(true);
        }
        return o;
    }

    private SSLContext sslContext() throws MqttException {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            if (config.trustStore() == null) {
                ctx.init(null, null, null);
                return ctx;
            }
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            try (InputStream in = Files.newInputStream(Path.of(config.trustStore()))) {
                ks.load(in, config.trustStorePassword() == null ? null : config.trustStorePassword().toCharArray());
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (Exception e) {
            throw new MqttException(e);
        }
    }

    private void subscribe() throws MqttException {
        MqttSubscription[] subs = config.topics().stream()
                .map(f -> new MqttSubscription("$share/" + config.sharedGroup() + "/" + f, 1))
                .toArray(MqttSubscription[]::new);
        IMqttToken token = client.subscribe(subs);
        token.waitForCompletion(30_000);
        int[] codes = token.getReasonCodes();
        for (int i = 0; codes != null && i < codes.length && i < subs.length; i++) {
            if (codes[i] >= 0x80) {
                throw new MqttException(codes[i], new IllegalStateException("subscription to " + subs[i].getTopic()
                        + " refused by the broker (reason code " + codes[i] + "): check ingest's ACL"));
            }
        }
    }

    private final class Callback implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            onMessage(topic, message);
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            lost(response.getException() == null ? "disconnected by the broker (reason " + response.getReturnCode() + ")"
                    : describe(response.getException()));
        }

        @Override
        public void mqttErrorOccurred(MqttException e) {
            LOG.warn("MQTT: protocol error: {}", describe(e));
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }

    private void lost(String why) {
        generation.incrementAndGet();
        if (anyOnConnection) {
            previousTopicsById = topicsById;
            topicsById = new String[1 << 16];
            anyOnConnection = false;
        }
        boolean was = connected;
        connected = false;
        lastError = why;
        if (was) {
            connectionLosses.incrementAndGet();
        }
        if (closed) {
            return;
        }
        if (fenced) {
            return; // SessionFailover connects it again once the lease is held
        }
        if (adopting) {
            // Taken over (its owner came back) or the broker went away: the session keeps what is not acknowledged,
            // and the lease, no longer renewed, lets the owner or another peer drain it.
            LOG.info("MQTT: the adopted session of {} ended before it was drained ({}); left to its owner or a later adoption",
                    config.clientId(), why);
            adoptionLost = true;
            return;
        }
        if (was && !outageLogged) {
            outageLogged = true;
            LOG.warn("MQTT: connection to {} lost ({}); unacknowledged messages will be redelivered; reconnecting",
                    Redact.url(config.url()), why);
        }
        scheduler.execute(this::connect);
    }

    private void onMessage(String topic, MqttMessage message) {
        lastArrivalNanos = System.nanoTime();
        if (stopping) {
            return; // not acknowledged: the broker keeps it for the next instance or the restart
        }
        received.incrementAndGet();
        metrics.messageIn("mqtt");
        int gen = generation.get();
        int id = message.getId();
        int qos = message.getQos();
        Arrival arrival = arrival(id, qos, topic);
        SessionEpoch.Ticket ticket = epoch.ticket();
        pendingAcks.incrementAndGet();
        GatewayConfig gateway = gateways.find(topic);
        if (gateway == null) {
            reject(id, qos, gen, "unknown_topic", "MQTT: message on {} rejected: no gateway is registered for this topic", topic);
            return;
        }
        Instant receivedAt = clock.instant();
        MessageDecoder.Decoded decoded = decoder.decode(gateway, topic, message.getPayload(), receivedAt);
        CommissioningRecorder recorder = commissioning;
        if (!decoded.ok()) {
            if (recorder != null) {
                recorder.malformed(gateway, receivedAt, decoded.errorKind() + ": " + decoded.error());
            }
            reject(id, qos, gen, "malformed", "MQTT: malformed payload on {} ({}): {}", topic, decoded.errorKind(), decoded.error());
            return;
        }
        for (String serial : decoded.meterSerials()) {
            if (!serial.equals(gateway.meterSerial())) {
                if (recorder != null) {
                    recorder.foreign(gateway, receivedAt, serial);
                }
                reject(id, qos, gen, "foreign_meter", "MQTT: message on {} rejected: it carries meter {} but this gateway"
                        + " is bound to meter {} ({}); a gateway may only write its own meter", topic, serial,
                        gateway.meterSerial(), gateway.meter());
                return;
            }
        }
        if (recorder != null) {
            recorder.decoded(gateway, receivedAt, decoded.mode(), decoded.meterSerials().isEmpty() ? null : gateway.meterSerial(),
                    decoded.droppedValues() > 0, decoded.droppedValues() + " value(s) dropped (bad checksum, length or charset)",
                    decoded.readings());
        }
        if (decoded.droppedValues() > 0) {
            metrics.reject(INVALID_GROUP, decoded.droppedValues());
            rejects.warn(INVALID_GROUP, "MQTT: {} value(s) of a payload on {} dropped (bad checksum, length or charset);"
                    + " the rest of the frame is kept", decoded.droppedValues(), topic);
        }
        if (decoded.gatewayClockRejected()) {
            metrics.instantFallback(GATEWAY_CLOCK_REJECTED);
            rejects.warn(GATEWAY_CLOCK_REJECTED, "MQTT: the timestamp of a message on {} is too far from this clock ({});"
                    + " stamped on reception instead: check the gateway's clock and time zone", topic, receivedAt);
        }
        if (decoded.readings().isEmpty()) {
            ack(id, qos, gen);
            return;
        }
        // A dated message lands on its own key if it comes again; an undated one is stamped anew: the pipeline checks it.
        Delivery delivery = new Delivery(topic, gateway, id, qos, gen,
                decoded.stamp() == MessageDecoder.Stamp.RECEPTION ? arrival : Arrival.LIVE, ticket);
        if (stamper != null && decoded.stamp() == MessageDecoder.Stamp.RECEPTION) {
            // No timestamp of its own: it may be one of a backlog delivered at once; stamped when the gateway is quiet.
            stamper.add(gateway.topic(), new BurstStamper.Pending<>(gateway.meter(), receivedAt, decoded.readings(), delivery));
        } else {
            // Off Paho's thread: handing over waits while the writer's queue is full, and Paho must keep reading.
            List<Reading> readings = decoded.readings();
            backlog.incrementAndGet();
            handover.execute(() -> {
                backlog.decrementAndGet();
                handOver(delivery, readings);
            });
        }
    }

    /**
     * Records the message's packet id on this connection and tells whether a message of the previous connection had
     * the same id and topic (then forgotten: a resend is matched once).
     */
    private Arrival arrival(int id, int qos, String topic) {
        if (qos == 0 || id <= 0 || id >= 1 << 16) {
            return Arrival.LIVE; // QoS 0 is never resent
        }
        topicsById[id] = topic;
        anyOnConnection = true;
        String[] previous = previousTopicsById;
        boolean resent = previous != null && topic.equals(previous[id]);
        if (resent) {
            previous[id] = null;
        }
        long since = System.nanoTime() - connectingNanos;
        // an adopted session: what the dead instance committed is checked against the store, for every meter
        return adopting && !resent ? Arrival.ofAdopted(since) : Arrival.ofUndated(resent, since);
    }

    /** Reason of {@code ingest_instants_fallback_total}: a gateway timestamp the receiving clock did not trust. */
    static final String GATEWAY_CLOCK_REJECTED = "gateway_clock_rejected";

    private void handOver(Delivery d, List<Reading> readings) {
        pipeline.accept(d.gateway().meter(), readings, "mqtt:" + d.topic(), d.arrival(), d.ticket()).onComplete(ar -> {
            if (ar.succeeded()) {
                CommissioningRecorder recorder = commissioning;
                if (recorder != null) {
                    recorder.stored(d.gateway(), readings.size());
                }
                ack(d.id(), d.qos(), d.gen());
            } else if (ar.cause() instanceof SessionFenced) {
                settle();
                rejects.info("fenced", "MQTT: messages received on {} before its session was fenced are not committed here;"
                        + " the peer adopting the session stores them (counted in ingest_mqtt_fenced_readings_total)", d.topic());
            } else {
                settle();
                LOG.warn("MQTT: message {} on {} not written ({}); not acknowledged, the broker will redeliver it",
                        d.id(), d.topic(), ar.cause().toString());
            }
        });
    }

    /** Reason of {@code ingest_readings_rejected_total} for the values of an accepted frame that failed their checks. */
    static final String INVALID_GROUP = "invalid_group";

    private void reject(int id, int qos, int gen, String reason, String format, Object... args) {
        metrics.messageRejected(reason);
        rejects.warn(reason, format, args);
        ack(id, qos, gen);
    }

    /**
     * Acknowledges after the commit. A message received on an earlier connection is not acknowledged: its packet id
     * may now belong to another message, and the broker redelivers it anyway (the writer ignores the duplicate).
     */
    private void ack(int id, int qos, int gen) {
        try {
            if (qos == 0 || gen != generation.get()) {
                return;
            }
            client.messageArrivedComplete(id, qos);
            acked.incrementAndGet();
        } catch (MqttException | RuntimeException e) {
            LOG.debug("MQTT: acknowledgement of {} not sent ({}); the broker will redeliver it", id, e.toString());
        } finally {
            settle();
        }
    }

    /** A message handed over is settled (acknowledged, or left to the broker because it was not written). */
    private void settle() {
        if (pendingAcks.decrementAndGet() == 0 && stopping) {
            synchronized (settled) {
                settled.notifyAll();
            }
        }
    }

    /**
     * The first step of an orderly stop: messages that arrive from now on are left to the broker (not acknowledged, so
     * it sends them again to this group), while the session stays open to acknowledge those handed over before.
     */
    public void stopReceiving() {
        stopping = true;
        if (stamper != null) {
            stamper.flushAll(Duration.ofSeconds(10)); // messages waiting for their stamp are handed over, then written
        }
        try {
            handover.submit(() -> { }).get(10, TimeUnit.SECONDS); // and those decoded, waiting for the writer's queue
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
                 | java.util.concurrent.RejectedExecutionException e) {
            LOG.warn("MQTT: messages still waiting for the writer at shutdown are left to the broker ({})", e.toString());
        }
    }

    /**
     * Keeps this source off the broker until {@link #unfence()}: disconnects at once (a normal DISCONNECT: the session
     * stays, with what it holds) and does not reconnect. Used by {@link SessionFailover} when this instance's lease on
     * its client id was not renewed in time (the database is unreachable from here), before the lease can lapse and
     * a peer adopt the session, so that two clients never fight over one client id (each connection would take the
     * session from the other). Messages received and not yet committed are not acknowledged any more (a new
     * connection's packet ids are not this one's): the broker sends them again to whoever holds the session next.
     * Before {@link #start()}, it keeps the first connection back until the lease is held.
     */
    void fence() {
        if (fenced) {
            return;
        }
        fenced = true;
        // At once, before the disconnection: from now on nothing received so far commits here (a peer may adopt it).
        epoch.fence();
        try {
            scheduler.execute(() -> {
                disconnectFenced(); // on the connecting thread: never at the same time as a connect
                pipeline.forgetSeen(); // before any reconnection (queued after it on this thread)
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed: nothing to disconnect
        }
    }

    /** The lease is held again: connects (the session and what it queued meanwhile are this instance's again). */
    void unfence() {
        if (!fenced) {
            return;
        }
        fenced = false;
        backoffMillis = config.reconnectMin().toMillis();
        try {
            scheduler.execute(this::connect);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed
        }
    }

    boolean fenced() {
        return fenced;
    }

    /**
     * An adoption given up (its claim not renewed in time, or taken back): nothing it received commits any more —
     * another peer, or the owner, is sent those messages again — then it disconnects like {@link #close()}.
     */
    void giveUp() {
        epoch.fence();
        close();
    }

    private void disconnectFenced() {
        generation.incrementAndGet(); // nothing received on this connection is acknowledged any more
        boolean was = connected;
        connected = false;
        lastError = "fenced: the lease on client id " + config.clientId() + " is not held (database unreachable?)";
        MqttAsyncClient c = client;
        if (c == null || !c.isConnected()) {
            return;
        }
        try {
            c.disconnect(0, null, null, 0, new MqttProperties()).waitForCompletion(1000);
        } catch (MqttException e) {
            LOG.debug("MQTT: fenced disconnect: {}", e.toString());
        }
        if (c.isConnected()) {
            try {
                c.disconnectForcibly(0, 1000, false);
            } catch (MqttException e) {
                LOG.debug("MQTT: fenced forced disconnect: {}", e.toString());
            }
        }
        if (was) {
            LOG.warn("MQTT: disconnected from {} as {}: this instance's lease on its session is not renewed (database"
                    + " unreachable?); a peer may adopt the session; reconnecting once the lease is held again",
                    Redact.url(config.url()), config.clientId());
        }
    }

    /**
     * An adopted session is drained when, connected, nothing has arrived for {@code quiet} and nothing waits for its
     * acknowledgement: the broker had room to send more (the receive maximum is not reached) and sent nothing.
     */
    boolean quietFor(Duration quiet) {
        return connected && pendingAcks.get() == 0 && backlog.get() == 0
                && System.nanoTime() - lastArrivalNanos >= quiet.toNanos();
    }

    /** True once an adopting source lost its connection (taken over by the owner, or the broker went away). */
    boolean adoptionLost() {
        return adoptionLost;
    }

    /** Messages this source received (an adoption reports what it drained). */
    long received() {
        return received.get();
    }

    /**
     * Removes the session's shared subscriptions, so that the broker routes nothing new to it; what it already
     * queued for the session is still sent, and handled like any message.
     */
    void unsubscribeShared() throws MqttException {
        String[] filters = config.topics().stream().map(f -> "$share/" + config.sharedGroup() + "/" + f).toArray(String[]::new);
        client.unsubscribe(filters).waitForCompletion(30_000);
        lastArrivalNanos = System.nanoTime(); // quiet counts again from here
    }

    /**
     * Ends a drained adopted session for good: DISCONNECT with a session expiry of 0, so the broker drops it (nothing
     * is left in it, and no member of the group will be routed messages for a session nobody will ever resume).
     */
    void endAdoptedSession() {
        MqttProperties end = new MqttProperties();
        end.setSessionExpiryInterval(0L);
        shutDown(end);
    }

    /**
     * After {@link #stopReceiving()}, waits until every message handed over before has been acknowledged (or left to
     * the broker because it was not written), at most {@code timeout}; true if none is left. Call it once what
     * downsampling holds is written and the writer drained, then {@link #close()}.
     */
    public boolean awaitSettled(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (settled) {
            while (pendingAcks.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(settled, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    private static String describe(Throwable e) {
        Throwable c = e.getCause() != null && e.getCause() != e ? e.getCause() : null;
        return e.getMessage() + (c != null && c.getMessage() != null ? ": " + c.getMessage() : "");
    }

    /**
     * Disconnects (Paho sends the acknowledgements already given before it does) without acknowledging anything more:
     * what is not committed stays with the broker.
     */
    @Override
    public void close() {
        shutDown(new MqttProperties());
    }

    /** Stops everything and disconnects with {@code disconnect} (properties of the DISCONNECT packet). */
    private void shutDown(MqttProperties disconnect) {
        closed = true;
        scheduler.shutdownNow();
        handover.shutdown(); // what it holds was not acknowledged: the broker sends it again
        if (stamper != null) {
            stamper.close();
        }
        MqttAsyncClient c = client;
        if (c != null) {
            try {
                if (c.isConnected()) {
                    c.disconnect(2000, null, null, 0, disconnect).waitForCompletion(3000);
                }
            } catch (MqttException e) {
                LOG.debug("MQTT: disconnect: {}", e.toString());
            }
            try {
                c.close(true);
            } catch (MqttException e) {
                LOG.debug("MQTT: close: {}", e.toString());
            }
        }
        connected = false;
    }
}
