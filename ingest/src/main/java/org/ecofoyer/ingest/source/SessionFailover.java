package org.ecofoyer.ingest.source;

import io.micrometer.core.instrument.Counter;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import javax.sql.DataSource;
import org.ecofoyer.core.runtime.NamedThreads;
import org.ecofoyer.ingest.IngestMetrics;
import org.ecofoyer.ingest.RateLimitedLog;
import org.ecofoyer.ingest.writer.SessionLeases;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lossless failover on a shared subscription. A broker keeps routing a share of the group's messages to the
 * persistent session of a member that died, and gives them to nobody else until that client id comes back or the
 * session expires (then they are gone). So each instance holds a lease on its client id in the database
 * ({@code mqtt_session_lease}), renewed every third of {@link MqttConfig#leaseTtl()}; a live instance that finds a
 * lease of its group lapsed claims it and <b>adopts</b> that session: it connects with the dead client id (clean start
 * off, so the broker hands it the queued messages), drains them through the same checks and pipeline with
 * acknowledgements after commit, removes the session's shared subscriptions, waits until nothing is left, then ends the
 * session (DISCONNECT with session expiry 0) and deletes the lease.
 *
 * <p>If the owner comes back meanwhile it reconnects, the broker gives it the session (the adopter is disconnected, its
 * unacknowledged messages go back to the owner) and its renewal takes the lease back: nothing is lost, a redelivered
 * message that was already committed is the usual at-least-once redelivery. If the adopter dies, its claim lapses in
 * turn and another peer adopts. One adoption at a time per instance.
 */
public final class SessionFailover implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SessionFailover.class);
    /** A drained session: nothing arrived for this long while nothing waited for its acknowledgement. */
    static final Duration QUIET = Duration.ofSeconds(2);
    /** An adoption that cannot even connect in this long is left for a later sweep. */
    private static final Duration CONNECT_LIMIT = Duration.ofSeconds(30);
    private static final long TICK_MILLIS = 250;

    private enum Phase { DRAINING, UNSUBSCRIBED }

    private final class Adoption {
        final String clientId;
        final MqttSource source;
        final long startedNanos = System.nanoTime();
        Phase phase = Phase.DRAINING;

        Adoption(String clientId, MqttSource source) {
            this.clientId = clientId;
            this.source = source;
        }
    }

    private final SessionLeases leases;
    private final MqttConfig config;
    private final Function<MqttConfig, MqttSource> adopter;
    private final Duration ttl;
    private final long renewEveryNanos;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(NamedThreads.single("mqtt-failover"));
    private final RateLimitedLog errors = new RateLimitedLog(LOG, Duration.ofMinutes(1));
    private final Counter adoptedSessions;
    private final AtomicLong adoptedMessages = new AtomicLong();
    private long nextRenewNanos = System.nanoTime();
    private volatile Adoption adoption;
    private volatile String lastError;
    private volatile boolean stopping;

    /**
     * @param config  this instance's MQTT settings (its client id, group, topics, lease ttl)
     * @param adopter makes a source that adopts the session of the client id of the settings it is given
     *                ({@link MqttSource#adopting}), sharing this instance's gateways, decoder and pipeline
     */
    public SessionFailover(DataSource dataSource, MqttConfig config, Function<MqttConfig, MqttSource> adopter, IngestMetrics metrics) {
        if (!config.failover()) {
            throw new IllegalArgumentException("mqtt.lease-ttl is 0: failover is off");
        }
        this.leases = new SessionLeases(dataSource);
        this.config = config;
        this.adopter = adopter;
        this.ttl = config.leaseTtl();
        this.renewEveryNanos = ttl.toNanos() / 3;
        this.adoptedSessions = Counter.builder("ingest.mqtt.sessions.adopted")
                .description("sessions of dead ingest instances drained and ended by this one").register(metrics.registry());
        metrics.gauge("ingest.mqtt.adopting", "1 while this instance drains the session of a dead peer", () -> adoption == null ? 0 : 1);
    }

    /** A {@link MqttSource#adopting} source for {@code config}'s client id. */
    public static Function<MqttConfig, MqttSource> adopters(GatewayDirectory gateways, MessageDecoder decoder,
                                                           org.ecofoyer.ingest.pipeline.ReadingPipeline pipeline,
                                                           org.ecofoyer.ingest.InstantsConfig instants, java.time.Clock clock,
                                                           org.ecofoyer.ingest.writer.LastStamps lastStamps) {
        return c -> MqttSource.adopting(c, gateways, decoder, pipeline, instants, clock, lastStamps);
    }

    /** Takes the lease at once (before the source connects), then keeps it and sweeps for lapsed ones. */
    public SessionFailover start() {
        scheduler.scheduleWithFixedDelay(this::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
        return this;
    }

    private void tick() {
        try {
            long now = System.nanoTime();
            boolean due = now - nextRenewNanos >= 0;
            if (due) {
                nextRenewNanos = now + renewEveryNanos;
                leases.renewOwn(config.clientId(), config.sharedGroup(), ttl);
            }
            Adoption a = adoption;
            if (a != null) {
                step(a, due);
            } else if (due && !stopping) {
                Optional<String> lapsed = leases.claimLapsed(config.sharedGroup(), config.clientId(), ttl);
                if (lapsed.isPresent()) {
                    LOG.warn("MQTT: the lease of ingest instance {} (shared group {}) lapsed: adopting its session to drain"
                            + " the messages the broker holds for it", lapsed.get(), config.sharedGroup());
                    adoption = new Adoption(lapsed.get(), adopter.apply(config.withClientId(lapsed.get())).start());
                }
            }
            lastError = null;
        } catch (RuntimeException e) {
            lastError = e.toString();
            errors.warn("lease", "MQTT failover: lease not renewed or swept ({}); retrying", e.toString());
        }
    }

    private void step(Adoption a, boolean renew) {
        if (renew && !leases.renewClaim(a.clientId, config.clientId(), ttl)) {
            LOG.info("MQTT: the session of {} was taken back by its owner; adoption ended", a.clientId);
            abandon(a);
            return;
        }
        if (a.source.adoptionLost()
                || (!a.source.isConnected() && System.nanoTime() - a.startedNanos > CONNECT_LIMIT.toNanos())) {
            abandon(a); // the claim lapses: a later sweep (here or elsewhere) adopts it again
            return;
        }
        if (stopping || !a.source.quietFor(QUIET)) {
            return;
        }
        if (a.phase == Phase.DRAINING) {
            try {
                a.source.unsubscribeShared();
                a.phase = Phase.UNSUBSCRIBED;
            } catch (MqttException e) {
                errors.warn("unsubscribe", "MQTT failover: unsubscribing the adopted session of {} failed ({}); retrying",
                        a.clientId, e.toString());
            }
            return;
        }
        a.source.endAdoptedSession();
        leases.release(a.clientId, config.clientId());
        adoptedSessions.increment();
        adoptedMessages.addAndGet(a.source.received());
        adoption = null;
        LOG.info("MQTT: the session of {} is drained ({} message(s) stored and acknowledged) and ended; its lease is released",
                a.clientId, a.source.received());
    }

    private void abandon(Adoption a) {
        a.source.close();
        adoption = null;
    }

    /** For {@code /health}: this instance's lease, and the adoption in progress. */
    public JsonObject health() {
        Adoption a = adoption;
        return new JsonObject().put("up", lastError == null).put("client_id", config.clientId())
                .put("lease_ttl_s", ttl.toSeconds()).put("adopting", a == null ? null : a.clientId)
                .put("adopting_received", a == null ? 0L : a.source.received())
                .put("adopted_sessions", (long) adoptedSessions.count()).put("adopted_messages", adoptedMessages.get())
                .put("last_error", lastError);
    }

    /** Sessions drained and ended by this instance so far. */
    public long adoptedSessions() {
        return (long) adoptedSessions.count();
    }

    /** The first step of an orderly stop: an adoption in progress takes nothing more (see {@link MqttSource#stopReceiving}). */
    public void stopReceiving() {
        stopping = true;
        Adoption a = adoption;
        if (a != null) {
            a.source.stopReceiving();
        }
    }

    /**
     * After the writer drained: an adoption in progress is settled and closed without ending the session, whose
     * claim lapses and which another instance adopts; this instance's own lease is left to lapse too, so that a peer
     * drains what the broker routes to it while it is away (it takes it back when it returns).
     */
    @Override
    public void close() {
        stopping = true;
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Adoption a = adoption;
        if (a != null) {
            a.source.awaitSettled(Duration.ofSeconds(5));
            a.source.close();
            adoption = null;
        }
    }
}
