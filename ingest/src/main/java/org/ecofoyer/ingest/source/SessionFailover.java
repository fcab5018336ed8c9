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
 * off, so the broker hands it the queued messages), removes the session's shared subscriptions at once (so that the
 * broker routes new traffic to the live members, and the drain ends however busy the group is), drains what the
 * session holds through the same checks and pipeline with acknowledgements after commit, then ends the session
 * (DISCONNECT with session expiry 0) and deletes the lease.
 *
 * <p><b>One client per client id</b>, the rules (docs/operations.md, "Several ingest instances"):
 * <ul>
 * <li>An instance connects its own session only while it holds its own lease. One whose lease was not renewed for
 *     two thirds of the ttl (the database unreachable from it alone) disconnects its session (the <b>fence</b>), a
 *     third of the ttl before a peer can claim it, and connects again only once it renewed it; an adoption it cannot
 *     renew the claim of is given up the same way.</li>
 * <li>An owner that comes back while a peer drains its session waits: its renewal does not take the lease from a live
 *     claim; it connects when the peer has ended the session and released the lease (or when the claim lapsed).</li>
 * <li>An adopter that dies stops renewing its claim: it lapses and another peer adopts the session from where the
 *     dead adopter left it (what it had not acknowledged is still in the session).</li>
 * </ul>
 * One adoption at a time per instance.
 */
public final class SessionFailover implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SessionFailover.class);
    /** A drained session: nothing arrived for this long while nothing waited for its acknowledgement. */
    static final Duration QUIET = Duration.ofSeconds(2);
    /** An adoption that cannot even connect in this long is left for a later sweep. */
    private static final Duration CONNECT_LIMIT = Duration.ofSeconds(30);
    private static final long TICK_MILLIS = 250;

    private enum Phase { CONNECTING, DRAINING }

    private final class Adoption {
        final String clientId;
        final MqttSource source;
        final long startedNanos = System.nanoTime();
        /** Until when (System.nanoTime) the claim is surely ours: two thirds of the ttl after its last renewal began. */
        volatile long claimSafeUntilNanos;
        Phase phase = Phase.CONNECTING;

        Adoption(String clientId, MqttSource source, long claimedAtNanos) {
            this.clientId = clientId;
            this.source = source;
            this.claimSafeUntilNanos = claimedAtNanos + safeNanos;
        }
    }

    private final SessionLeases leases;
    private final MqttConfig config;
    private final Function<MqttConfig, MqttSource> adopter;
    private final Duration ttl;
    private final long renewEveryNanos;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(NamedThreads.single("mqtt-failover"));
    /** The fence runs apart: the lease's own thread may be the one waiting on an unreachable database. */
    private final ScheduledExecutorService fence = Executors.newSingleThreadScheduledExecutor(NamedThreads.single("mqtt-fence"));
    /** How long a renewal keeps the lease surely ours: two thirds of the ttl, a third before a peer may claim it. */
    private final long safeNanos;
    private final Counter adoptionsGivenUp;
    private final Counter fences;
    private volatile MqttSource own;
    /** Until when (System.nanoTime) this instance surely holds its own lease; 0 before its first renewal. */
    private volatile long ownSafeUntilNanos;
    private volatile boolean ownHeld;
    private volatile String drainedBy;
    private final RateLimitedLog errors = new RateLimitedLog(LOG, Duration.ofMinutes(1));
    private final Counter adoptedSessions;
    private final AtomicLong adoptedMessages = new AtomicLong();
    private long nextRenewNanos = System.nanoTime();
    private final java.util.concurrent.atomic.AtomicReference<Adoption> adoption = new java.util.concurrent.atomic.AtomicReference<>();
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
        this.safeNanos = ttl.toNanos() * 2 / 3;
        this.adoptionsGivenUp = Counter.builder("ingest.mqtt.adoptions.given.up")
                .description("adoptions this instance gave up before the session was drained (its owner came back, the"
                        + " session was taken, or the claim could not be renewed)").register(metrics.registry());
        this.fences = Counter.builder("ingest.mqtt.lease.fences")
                .description("times this instance disconnected its own session because it could not renew its lease")
                .register(metrics.registry());
        this.adoptedSessions = Counter.builder("ingest.mqtt.sessions.adopted")
                .description("sessions of dead ingest instances drained and ended by this one").register(metrics.registry());
        metrics.gauge("ingest.mqtt.adopting", "1 while this instance drains the session of a dead peer", () -> adoption.get() == null ? 0 : 1);
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
        fence.scheduleWithFixedDelay(this::checkFence, TICK_MILLIS / 2, TICK_MILLIS / 2, TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * This instance's own source: connected only while this instance holds its lease (call before {@code own.start()}:
     * its first connection then waits for the first renewal).
     */
    public void guard(MqttSource source) {
        own = source;
        if (!holdsOwnLease()) {
            source.fence();
            if (holdsOwnLease()) {
                source.unfence(); // renewed meanwhile, before the renewal could see the source
            }
        }
    }

    private boolean holdsOwnLease() {
        return ownHeld && System.nanoTime() - ownSafeUntilNanos < 0;
    }

    private void tick() {
        try {
            long now = System.nanoTime();
            boolean due = now - nextRenewNanos >= 0;
            if (due) {
                nextRenewNanos = now + renewEveryNanos;
                renewOwn(now);
            }
            Adoption a = adoption.get();
            if (a != null) {
                step(a, due);
            } else if (due && !stopping && ownHeld) {
                long claimedAt = System.nanoTime();
                Optional<String> lapsed = leases.claimLapsed(config.sharedGroup(), config.clientId(), ttl);
                if (lapsed.isPresent()) {
                    LOG.warn("MQTT: the lease of ingest instance {} (shared group {}) lapsed: adopting its session to drain"
                            + " the messages the broker holds for it", lapsed.get(), config.sharedGroup());
                    adoption.set(new Adoption(lapsed.get(), adopter.apply(config.withClientId(lapsed.get())).start(), claimedAt));
                }
            }
            lastError = null;
        } catch (RuntimeException e) {
            lastError = e.toString();
            errors.warn("lease", "MQTT failover: lease not renewed or swept ({}); retrying", e.toString());
        }
    }

    /** The time taken before the statement runs: the database's expiry is at least a ttl after it. */
    private void renewOwn(long startedNanos) {
        boolean held = leases.renewOwn(config.clientId(), config.sharedGroup(), ttl);
        ownHeld = held;
        MqttSource source = own;
        if (held) {
            ownSafeUntilNanos = startedNanos + safeNanos;
            if (drainedBy != null) {
                LOG.info("MQTT: the lease on {} is this instance's again: connecting its session", config.clientId());
                drainedBy = null;
            }
            // Only a renewal that answered within the safe window: one held up by a stalled database (its statement
            // delivered late) says nothing about the time left; the next renewal does.
            if (source != null && source.fenced() && !stopping && holdsOwnLease()) {
                source.unfence();
            }
        } else {
            if (drainedBy == null) {
                drainedBy = "a peer";
                LOG.warn("MQTT: a peer is draining the session of {} (it took the lease while this instance was away):"
                        + " connecting once it has ended that session and released the lease, or once its claim lapses",
                        config.clientId());
            }
            if (source != null) {
                fence(source);
            }
        }
    }

    /** On its own thread: keeps the own session and an adoption off the broker once their lease is not surely held. */
    private void checkFence() {
        try {
            long now = System.nanoTime();
            MqttSource source = own;
            if (source != null && !source.fenced() && now - ownSafeUntilNanos >= 0) {
                fence(source);
            }
            Adoption a = adoption.get();
            if (a != null && now - a.claimSafeUntilNanos >= 0) {
                LOG.warn("MQTT: the claim on the session of {} was not renewed in time (database unreachable?): adoption"
                        + " given up before the claim lapses", a.clientId);
                abandon(a);
            }
        } catch (RuntimeException e) {
            errors.warn("fence", "MQTT failover: fence check failed ({})", e.toString());
        }
    }

    private void fence(MqttSource source) {
        if (!source.fenced()) {
            fences.increment();
            source.fence();
        }
    }

    private void step(Adoption a, boolean renew) {
        if (renew) {
            long renewing = System.nanoTime();
            if (!leases.renewClaim(a.clientId, config.clientId(), ttl)) {
                LOG.info("MQTT: the session of {} was taken back by its owner; adoption ended", a.clientId);
                abandon(a);
                return;
            }
            a.claimSafeUntilNanos = renewing + safeNanos;
        }
        if (a.source.adoptionLost()
                || (!a.source.isConnected() && System.nanoTime() - a.startedNanos > CONNECT_LIMIT.toNanos())) {
            abandon(a); // the claim lapses: a later sweep (here or elsewhere) adopts it again
            return;
        }
        if (stopping || !a.source.isConnected()) {
            return;
        }
        if (a.phase == Phase.CONNECTING) {
            // At once: the broker routes nothing new to the session, so the drain ends even while the group is busy
            // (what it queued before is still delivered, and handled like any message).
            try {
                a.source.unsubscribeShared();
                a.phase = Phase.DRAINING;
            } catch (MqttException e) {
                errors.warn("unsubscribe", "MQTT failover: unsubscribing the adopted session of {} failed ({}); retrying",
                        a.clientId, e.toString());
            }
            return;
        }
        if (!a.source.quietFor(QUIET)) {
            return;
        }
        if (!adoption.compareAndSet(a, null)) {
            return; // given up meanwhile
        }
        a.source.endAdoptedSession();
        leases.release(a.clientId, config.clientId());
        adoptedSessions.increment();
        adoptedMessages.addAndGet(a.source.received());
        LOG.info("MQTT: the session of {} is drained ({} message(s) stored and acknowledged) and ended; its lease is released",
                a.clientId, a.source.received());
    }

    private void abandon(Adoption a) {
        if (adoption.compareAndSet(a, null)) {
            adoptionsGivenUp.increment();
            a.source.giveUp();
        }
    }

    /** For {@code /health}: this instance's lease, and the adoption in progress. */
    public JsonObject health() {
        Adoption a = adoption.get();
        MqttSource source = own;
        return new JsonObject().put("up", lastError == null).put("client_id", config.clientId())
                .put("lease_ttl_s", ttl.toSeconds()).put("lease_held", holdsOwnLease())
                .put("fenced", source != null && source.fenced()).put("fences", (long) fences.count())
                .put("adopting", a == null ? null : a.clientId)
                .put("adopting_received", a == null ? 0L : a.source.received())
                .put("adopting_pending", a == null ? 0L : a.source.health().getLong("pending_acks"))
                .put("adopted_sessions", (long) adoptedSessions.count()).put("adopted_messages", adoptedMessages.get())
                .put("adoptions_given_up", (long) adoptionsGivenUp.count())
                .put("last_error", lastError);
    }

    /** Adoptions given up before their session was drained. */
    public long adoptionsGivenUp() {
        return (long) adoptionsGivenUp.count();
    }

    /** Sessions drained and ended by this instance so far. */
    public long adoptedSessions() {
        return (long) adoptedSessions.count();
    }

    /** The first step of an orderly stop: an adoption in progress takes nothing more (see {@link MqttSource#stopReceiving}). */
    public void stopReceiving() {
        stopping = true;
        Adoption a = adoption.get();
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
        fence.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
            fence.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Adoption a = adoption.getAndSet(null);
        if (a != null) {
            a.source.awaitSettled(Duration.ofSeconds(5));
            a.source.close();
        }
    }
}
