package org.ecofoyer.ingest.pipeline;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.ecofoyer.core.Channels;
import org.ecofoyer.core.runtime.NamedThreads;
import org.ecofoyer.drivers.Reading;
import org.ecofoyer.ingest.IngestMetrics;
import org.ecofoyer.ingest.RateLimitedLog;
import org.ecofoyer.ingest.writer.FenceCheck;
import org.ecofoyer.ingest.writer.MeterEvent;
import org.ecofoyer.ingest.writer.MeterFactsStore;
import org.ecofoyer.ingest.writer.ReadingChecks;
import org.ecofoyer.ingest.writer.ReadingWriter;
import org.ecofoyer.ingest.writer.SessionFenced;
import org.ecofoyer.ingest.writer.StoredIndexes;
import org.ecofoyer.ingest.writer.WriteResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live meter data (serial frames, MQTT messages) on its way to the {@link ReadingWriter}: per meter, readings that
 * fail the writer's checks ({@link ReadingChecks}: impossible values, instants too far ahead of the writer's clock) go
 * straight to the writer, which holds them in quarantine, without touching the live bus, the index baseline or
 * downsampling; index decreases become {@code index_reset} events (the new value is the new baseline), every message
 * goes to the {@link LiveBus}, then {@link Downsampler} thins what is stored. What a meter says about itself
 * (subscription, daily maxima) is taken out first by {@link MeterFactsLearner} and written only when it changed.
 *
 * <p>{@link #accept} returns the future a source waits for before acknowledging the message: it completes when every
 * reading of the message that must be stored is committed, including a boundary value held back by downsampling.
 *
 * <p>A message that may be a redelivery ({@link Arrival}: undated, so stamped anew on its return) has its index
 * readings that the meter is already known to have reached ({@link RedeliveryRule}) left out: they carry no new energy
 * and would be the same value stored under a second instant. Its acknowledgement waits for any such value downsampling
 * still holds back (the first delivery's copy), so acknowledging the copy never lets the broker forget a value not yet
 * committed. Counted ({@code ingest_mqtt_redeliveries_recognised_total}) and logged.
 */
public final class ReadingPipeline implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReadingPipeline.class);

    /** A message's pending acknowledgement while downsampling holds some of its values. Guarded by its meter's lock. */
    private final class Hold {
        /** The fence epoch of the message's session at its reception, or null (not an MQTT session's message). */
        final SessionEpoch.Ticket ticket;
        int pending;
        final List<Future<?>> writes = new ArrayList<>();
        final Promise<Void> done = Promise.promise();

        Hold(SessionEpoch.Ticket ticket) {
            this.ticket = ticket;
        }

        void release(Future<?> write) {
            if (write != null) {
                writes.add(write);
            }
            if (--pending == 0) {
                heldMessages.decrementAndGet();
                Future.all(writes).onComplete(ar -> {
                    if (ar.succeeded()) {
                        done.tryComplete();
                    } else {
                        done.tryFail(ar.cause());
                    }
                });
            }
        }
    }

    private record Last(Instant instant, long value) {
    }

    private static final class MeterState {
        final Downsampler<Hold> downsampler;
        final Map<String, Last> lastIndex = new HashMap<>();
        /** The recent stored index values, read once, when a possible redelivery brings a channel not seen yet. */
        Map<String, StoredIndexes.Span> stored;
        /** The source of the meter's last message: held values written later (idle flush, close) go under it. */
        String source = ReadingWriter.UNNAMED_SOURCE;

        MeterState(Downsampler<Hold> downsampler) {
            this.downsampler = downsampler;
        }
    }

    private final ReadingWriter writer;
    private final DownsamplingConfig defaults;
    private final Map<String, DownsamplingConfig> perMeter;
    private final LiveBus liveBus;
    private final IngestMetrics metrics;
    private final StoredIndexes storedIndexes;
    private final Map<String, MeterState> meters = new ConcurrentHashMap<>();
    private final MeterFactsLearner facts = new MeterFactsLearner();
    /** Messages whose meter facts were new (#16): a handful a day per meter, where frames are thousands. */
    private final io.micrometer.core.instrument.Counter factChanges;
    private final ScheduledExecutorService sweeper;
    private final AtomicInteger heldMessages = new AtomicInteger();
    private volatile int heldLimit = Integer.MAX_VALUE;
    private volatile boolean closing;
    private final RateLimitedLog overLimit = new RateLimitedLog(LOG, Duration.ofMinutes(1));
    private final RateLimitedLog redeliveries = new RateLimitedLog(LOG, Duration.ofMinutes(1));

    /**
     * @param perMeter downsampling by meter code, overriding {@code defaults}
     * @param liveBus  where live messages go, or null for none
     */
    public ReadingPipeline(ReadingWriter writer, DownsamplingConfig defaults, Map<String, DownsamplingConfig> perMeter,
                           LiveBus liveBus) {
        this(writer, defaults, perMeter, liveBus, StoredIndexes.NONE);
    }

    /** @param storedIndexes the recent stored index values, read once per meter to recognise a redelivered message */
    public ReadingPipeline(ReadingWriter writer, DownsamplingConfig defaults, Map<String, DownsamplingConfig> perMeter,
                           LiveBus liveBus, StoredIndexes storedIndexes) {
        this.writer = writer;
        this.storedIndexes = storedIndexes;
        this.defaults = defaults;
        this.perMeter = Map.copyOf(perMeter);
        this.liveBus = liveBus;
        this.metrics = writer.metrics();
        this.factChanges = io.micrometer.core.instrument.Counter.builder(FACT_CHANGES)
                .description("messages whose subscription or daily maxima were new, written apart").register(metrics.registry());
        this.sweeper = Executors.newSingleThreadScheduledExecutor(NamedThreads.single("ingest-idle-flush"));
        long every = Math.max(200, Math.min(5000, defaults.idleFlush().toMillis() / 4));
        sweeper.scheduleWithFixedDelay(this::flushIdle, every, every, TimeUnit.MILLISECONDS);
    }

    /** The counter of messages whose meter facts were new, on {@code /metrics}. */
    public static final String FACT_CHANGES = "ingest.meter_facts.changes";

    public ReadingWriter writer() {
        return writer;
    }

    /** Messages not acknowledged yet because downsampling holds one of their values (a boundary value, mostly). */
    public int heldMessages() {
        return heldMessages.get();
    }

    /**
     * A source whose broker stops sending beyond a number of unacknowledged messages (MQTT's receive maximum) says so
     * here: past {@code max} held messages, held values are written early instead of waiting for their meters' slots,
     * so that the flow never stalls on acknowledgements that wait for frames the broker no longer sends.
     */
    public void limitHeldMessages(int max) {
        heldLimit = Math.min(heldLimit, max);
    }

    /**
     * One message's readings for one meter (its code). The returned future completes when the message may be
     * acknowledged; it fails if the writer closed first (then do not acknowledge: the source will send it again).
     * May block while the writer's queue is full (call it from a source thread, not an event loop).
     */
    public Future<Void> accept(String meter, List<Reading> readings) {
        return accept(meter, readings, ReadingWriter.UNNAMED_SOURCE);
    }

    /**
     * {@link #accept(String, List)} from a named source ({@code mqtt:<topic>}, {@code serial:<port>}): kept with the
     * readings that go to quarantine.
     */
    public Future<Void> accept(String meter, List<Reading> readings, String source) {
        return accept(meter, readings, source, Arrival.LIVE);
    }

    /**
     * {@link #accept(String, List, String)} of a message that may be a redelivery ({@code arrival}): its index readings
     * already known are left out, and it is acknowledged once the values they repeat are committed.
     */
    public Future<Void> accept(String meter, List<Reading> readings, String source, Arrival arrival) {
        return accept(meter, readings, source, arrival, null);
    }

    /**
     * {@link #accept(String, List, String, Arrival)} of a message received on an MQTT session whose fence epoch at
     * reception was {@code ticket} (or null): once that session has been fenced, nothing of the message is committed
     * here — neither its values nor values held back by downsampling for it — since a peer adopting the session is sent
     * it again; the future then fails ({@link SessionFenced}), and the message is not acknowledged.
     */
    public Future<Void> accept(String meter, List<Reading> readings, String source, Arrival arrival, SessionEpoch.Ticket ticket) {
        if (ticket != null && ticket.stale()) {
            metrics.fencedReadings(readings.size());
            return Future.failedFuture(new SessionFenced());
        }
        MeterFactsLearner.Taken taken = facts.take(meter, readings);
        MeterFactsStore store = null;
        if (taken.facts() != null) {
            // What the meter says about itself (#16), only when it changed: in the transaction of the message's
            // readings (or one of its own when downsampling holds them all), behind a savepoint; refused or not
            // written, it is handed on again with the meter's next message.
            factChanges.increment();
            store = new MeterFactsStore(taken.facts(), () -> facts.forget(meter));
        }
        return acceptReadings(meter, taken.readings(), source, store, arrival, ticket);
    }

    private Future<Void> acceptReadings(String meter, List<Reading> readings, String source, MeterFactsStore factsStore,
                                        Arrival arrival, SessionEpoch.Ticket ticket) {
        MeterState state = meters.computeIfAbsent(meter, m -> new MeterState(new Downsampler<>(m, perMeter.getOrDefault(m, defaults))));
        List<Reading> valid = new ArrayList<>(readings.size());
        List<MeterEvent> events = new ArrayList<>(0);
        Hold hold = new Hold(ticket);
        List<Reading> suspect = List.of();
        Future<WriteResult> written;
        boolean held;
        List<Future<Void>> repeated = List.of();
        Instant latest = writer.latestTrustedInstant();
        synchronized (state) {
            if (ticket != null && ticket.stale()) {
                // Fenced since it was received (checked under the meter's lock, as forgetSeen() clears it): the
                // message is the adopter's; remembering its values here would hide the resend if it came back here.
                if (factsStore != null) {
                    facts.forget(meter);
                }
                metrics.fencedReadings(readings.size());
                return Future.failedFuture(new SessionFenced());
            }
            List<Reading> known = List.of();
            for (Reading r : readings) {
                if (ReadingChecks.verdict(r, latest) != null) {
                    // One reading years ahead would make every later one look late, move the index baseline and hold
                    // the downsampler's boundary value: it goes straight to the writer, which holds it in quarantine.
                    suspect = suspect.isEmpty() ? new ArrayList<>() : suspect;
                    suspect.add(r);
                    continue;
                }
                if (Channels.isIndex(r.channel())) {
                    if (arrival != Arrival.LIVE && alreadyKnown(state, meter, readings, r, arrival, ticket)) {
                        known = known.isEmpty() ? new ArrayList<>() : known;
                        known.add(r);
                        continue;
                    }
                    checkIndex(state, r, events);
                }
                valid.add(r);
            }
            if (!known.isEmpty()) {
                repeated = recognised(state, meter, known, arrival);
            }
            state.source = source;
            if (liveBus != null) {
                liveBus.publish(meter, valid);
            }
            Downsampler.Step<Hold> step = state.downsampler.accept(valid, hold, System.nanoTime());
            hold.pending = step.held;
            held = step.held > 0;
            if (held) {
                heldMessages.incrementAndGet();
            }
            written = write(step, events, source, factsStore, ticket);
            if (factsStore != null) {
                written.onFailure(e -> facts.forget(meter));
            }
            if (closing && state.downsampler.holdsSomething()) {
                // arrived while the pipeline closes, after its meter was flushed: nothing may stay held
                write(state.downsampler.flushAll(), List.of(), source);
            }
        }
        if (!suspect.isEmpty()) {
            written = Future.all(written, writer.submit(suspect, List.of(), null, source)).map(cf -> cf.resultAt(0));
        }
        if (!repeated.isEmpty()) {
            List<Future<?>> all = new ArrayList<>(repeated);
            all.add(written);
            if (held) {
                all.add(hold.done.future());
            }
            return Future.all(all).mapEmpty();
        }
        return held ? Future.all(written, hold.done.future()).mapEmpty() : written.mapEmpty();
    }

    private static String describe(List<Reading> readings) {
        StringBuilder b = new StringBuilder();
        for (Reading r : readings) {
            b.append(b.isEmpty() ? "" : ", ").append(r.channel()).append('=').append(r.value());
        }
        return b.toString();
    }

    /** The redelivery rule for one index reading; the store is read once per meter, for a channel not seen yet. */
    private boolean alreadyKnown(MeterState state, String meter, List<Reading> readings, Reading r, Arrival arrival,
                                 SessionEpoch.Ticket ticket) {
        if (arrival == Arrival.ADOPTED) {
            // the stored values as the adoption found them, read once per adopted session and meter (seen here or not)
            Map<String, StoredIndexes.Span> stored = ticket == null ? storedIndexes.of(meter, indexChannels(readings))
                    : ticket.session().storedOnce(meter, () -> storedIndexes.of(meter, indexChannels(readings)));
            return RedeliveryRule.known(arrival, r.value(), null, stored.get(r.channel()));
        }
        Last last = state.lastIndex.get(r.channel());
        if (last != null) {
            return RedeliveryRule.known(arrival, r.value(), last.value(), null);
        }
        if (state.stored == null) {
            state.stored = storedIndexes.of(meter, indexChannels(readings));
        }
        return RedeliveryRule.known(arrival, r.value(), null, state.stored.get(r.channel()));
    }

    private static List<String> indexChannels(List<Reading> readings) {
        List<String> channels = new ArrayList<>();
        for (Reading x : readings) {
            if (Channels.isIndex(x.channel())) {
                channels.add(x.channel());
            }
        }
        return channels;
    }

    /**
     * Counts and logs a recognised redelivery; returns what its acknowledgement waits for: the messages holding the
     * same values back in downsampling (their first delivery), committed or superseded.
     */
    private List<Future<Void>> recognised(MeterState state, String meter, List<Reading> known, Arrival arrival) {
        metrics.redeliveryRecognised();
        redeliveries.info("redelivery", "meter {}: a message delivered again ({}) brings index values it already reached ({},"
                + " stamped {}): not stored a second time; its other values are kept; counted in"
                + " ingest_mqtt_redeliveries_recognised_total", meter, switch (arrival) {
                    case DELIVERED_AGAIN -> "the packet id of an unacknowledged message of the previous connection";
                    case ADOPTED -> "drained from an adopted session, values already stored";
                    default -> "first message of the meter since this process started, values within the recent stored ones";
                }, describe(known), known.get(0).instant());
        List<Future<Void>> waits = new ArrayList<>(0);
        for (Reading r : known) {
            for (Hold h : state.downsampler.holding(r.channel(), r.value())) {
                waits.add(h.done.future());
            }
        }
        return waits;
    }

    /** Writes what downsampling keeps; {@code source} is that of the message that moved it (the same meter's). */
    private Future<WriteResult> write(Downsampler.Step<Hold> step, List<MeterEvent> events, String source) {
        return write(step, events, source, null, null);
    }

    /**
     * The same, with the meter's new facts ({@code hook}, or null) in the same transaction, for a message of ticket
     * {@code ticket} (or null). The submission carries this message's values and values downsampling held for earlier
     * messages ({@code step.flushed}): it commits only if none of their sessions has been fenced since their
     * reception ({@link FenceCheck}), else it fails alone and those messages stay unacknowledged (the adopter's now).
     */
    private Future<WriteResult> write(Downsampler.Step<Hold> step, List<MeterEvent> events, String source,
                                      ReadingWriter.TransactionHook hook, SessionEpoch.Ticket ticket) {
        metrics.downsampled(step.dropped);
        List<SessionEpoch.Ticket> tickets = new ArrayList<>(0);
        if (ticket != null) {
            tickets.add(ticket);
        }
        for (Hold h : step.flushed) {
            if (h.ticket != null && !tickets.contains(h.ticket)) {
                tickets.add(h.ticket);
            }
        }
        Future<WriteResult> written = step.keep.isEmpty() && events.isEmpty() && hook == null
                ? Future.succeededFuture(WriteResult.EMPTY)
                : writer.submit(step.keep, events, FenceCheck.of(tickets, hook), source);
        for (Hold h : step.flushed) {
            h.release(written);
        }
        for (Hold h : step.superseded) {
            h.release(null);
        }
        return written;
    }

    /** An index never decreases, except when the meter is reset or replaced: record it, take the new baseline. */
    private void checkIndex(MeterState state, Reading r, List<MeterEvent> events) {
        Last last = state.lastIndex.get(r.channel());
        if (last != null && !r.instant().isAfter(last.instant())) {
            return; // older than what we saw: a redelivery or reordering, not a reset
        }
        if (last != null && r.value() < last.value()) {
            events.add(new MeterEvent(r.meter(), r.instant(), MeterEvent.INDEX_RESET, r.channel(),
                    "index went from " + last.value() + " to " + r.value() + " Wh: new baseline"));
            metrics.reject("index_reset", 1);
            LOG.warn("meter {}: {} went down from {} to {} Wh at {}; recorded as a reset, the new value is the baseline",
                    r.meter(), r.channel(), last.value(), r.value(), r.instant());
        }
        state.lastIndex.put(r.channel(), new Last(r.instant(), r.value()));
    }

    /**
     * After a session's fence: forgets what this pipeline has seen of every meter (the last index, the stored span
     * read), so that a message of the fenced session coming back here later is judged against the store, not against
     * values that may never have been committed (refused by the fence: storing nothing of it would lose it); and writes
     * at once the values downsampling holds back (a fenced message's are refused by the transaction's check, so they
     * fail now rather than with a later message's values). May wait for a meter whose message waits for the writer.
     */
    public void forgetSeen() {
        for (MeterState state : meters.values()) {
            synchronized (state) {
                state.lastIndex.clear();
                state.stored = null;
                if (state.downsampler.holdsSomething()) {
                    write(state.downsampler.releaseHeld(), List.of(), state.source);
                }
            }
        }
    }

    private void flushIdle() {
        try {
            long now = System.nanoTime();
            int held = heldMessages.get();
            boolean over = held > heldLimit;
            if (over) {
                overLimit.warn("held", "{} messages wait for values held back by downsampling (limit {}): writing those"
                        + " values now; run another ingest instance on the shared subscription if this repeats", held, heldLimit);
            }
            for (MeterState state : meters.values()) {
                synchronized (state) {
                    if (state.downsampler.holdsSomething()) {
                        write(over ? state.downsampler.releaseHeld() : state.downsampler.flushIdle(now), List.of(), state.source);
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("idle flush failed: {}", e.toString());
        }
    }

    /**
     * Writes out everything downsampling holds back and waits for those writes (at most 10 s), so that the messages
     * waiting for them can be acknowledged; the writer and the database must still be open.
     */
    @Override
    public void close() {
        closing = true;
        sweeper.shutdownNow();
        List<Future<WriteResult>> pending = new ArrayList<>();
        for (MeterState state : meters.values()) {
            synchronized (state) {
                if (state.downsampler.holdsSomething()) {
                    pending.add(write(state.downsampler.flushAll(), List.of(), state.source));
                }
            }
        }
        try {
            Future.join(pending).toCompletionStage().toCompletableFuture().get(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("values held back by downsampling were not all written before shutdown: {}", e.toString());
        }
    }
}
