package org.ecofoyer.ingest.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ecofoyer.core.Channels;
import org.ecofoyer.drivers.Reading;

/**
 * One meter's downsampling (DESIGN §4), a pure state machine fed in arrival order; not thread-safe.
 *
 * <p>Indexes: a register's first value is stored (the baseline); then a value is stored when changed and at least
 * {@code indexInterval} after the last value stored by that rule, on the meter's own phase within the interval
 * ({@link Cadence}); in between, the latest value is held as the <em>boundary candidate</em> and stored when a reading
 * of a later half-hour arrives, so that the last value before every half-hour boundary can be read from the stored
 * rows (aggregation computes consumption from those). A register that did not move is not stored again at the
 * boundary (the last stored value already is its value there: an index never decreases, so the half-hours in between
 * consumed exactly nothing on it), which spares a row per idle register and half-hour — most registers of a meter are
 * idle, and all meters cross a boundary at the same moment; when it moves again, its last unchanged value is stored
 * with the new one. The first value and the boundary values are written at the meter's next slot, not when they are
 * decided: thousands of meters start, and cross boundaries, together. Apparent power: per-minute mean and max over
 * whole minutes, written in the following minute at the meter's phase. Other instantaneous values: sampled on the
 * meter's phase. Daily and interval values from utilities pass through.
 *
 * <p>Each message comes with a token (its acknowledgement, for the caller). A held candidate keeps its message's token
 * pending: the message must not be acknowledged until the candidate is either written ({@link Step#flushed}) or
 * replaced by a newer value ({@link Step#superseded}); otherwise a crash would lose the boundary value.
 * Readings older than the latest seen for their channel (redeliveries, reordering) are passed through unchanged:
 * storing them again is harmless.
 *
 * <p>Public only for the load test (module {@code tools}), which predicts the stored rows with these same rules.
 */
public final class Downsampler<T> {
    private static final long HALF_HOUR_S = 1800;
    private static final Duration MINUTE = Duration.ofMinutes(1);

    /** The outcome of one step: what to write now and what happened to earlier messages' tokens. */
    public static final class Step<T> {
        public final List<Reading> keep = new ArrayList<>();
        /** Tokens whose held candidates are in {@link #keep}: done when this step's write commits. */
        final List<T> flushed = new ArrayList<>();
        /** Tokens whose held candidates were replaced by newer values: done now. */
        final List<T> superseded = new ArrayList<>();
        /** How many candidates the step's own token now holds. */
        int held;
        /** Readings not stored (thinned out or folded into a per-minute aggregate). */
        int dropped;
    }

    private static final class IndexState<T> {
        Instant lastKeptInstant;
        long lastKeptValue;
        /** When the interval rule next allows a changed value (boundary values do not move it). */
        Instant nextDue;
        /** A value counted as kept (the register's first, or the last before a boundary), written at the meter's next slot. */
        Reading pending;
        T pendingToken;
        Instant pendingDue;
        long pendingSince;
        Instant lastSeen;
        Reading candidate;
        T candidateToken;
        long candidateSince;
    }

    private static final class Minute {
        final Instant start;
        long sum;
        long count;
        long max;
        long lastNanos;

        Minute(Instant start) {
            this.start = start;
        }
    }

    private record Sample(Instant last, Instant nextDue) {
    }

    private final DownsamplingConfig config;
    private final String meter;
    private final Cadence indexCadence;
    private final Cadence sampleCadence;
    /** How long after a minute ends its mean and max are written. */
    private final Duration powerDelay;
    private final Map<String, IndexState<T>> indexes = new HashMap<>();
    private final Map<String, Sample> samples = new HashMap<>();
    /** The minute of power being accumulated. */
    private Minute minute;
    /** The minute before it, complete, waiting for this meter's phase to be written. */
    private Minute closed;

    /** Downsampling for {@code meter}, on the phase its code gives when the configuration staggers meters. */
    public Downsampler(String meter, DownsamplingConfig config) {
        this(meter, config, config.stagger() ? Cadence.phaseOf(meter) : 0);
    }

    /** @param phase this meter's phase, a fraction of each interval in {@code [0, 1)} */
    Downsampler(String meter, DownsamplingConfig config, double phase) {
        this.meter = meter;
        this.config = config;
        this.indexCadence = Cadence.of(config.indexInterval(), phase);
        this.sampleCadence = Cadence.of(config.sampleInterval(), phase);
        this.powerDelay = Duration.ofMillis(Cadence.of(MINUTE, phase).phaseMs());
    }

    public Step<T> accept(List<Reading> readings, T token, long nowNanos) {
        Step<T> step = new Step<>();
        if (!config.enabled()) {
            step.keep.addAll(readings);
            return step;
        }
        Instant latest = null;
        for (Reading r : readings) {
            String ch = r.channel();
            if (Channels.isIndex(ch)) {
                index(r, token, nowNanos, step);
            } else if (ch.equals(Channels.POWER_APPARENT) && config.powerMeanMax()) {
                power(r, nowNanos, step);
            } else if (isInstantaneous(ch)) {
                sample(r, step);
            } else {
                step.keep.add(r);
            }
            if (latest == null || r.instant().isAfter(latest)) {
                latest = r.instant();
            }
        }
        if (closed != null && latest != null && !latest.isBefore(closed.start.plus(MINUTE).plus(powerDelay))) {
            writeMinute(closed, step);
            closed = null;
        }
        return step;
    }

    /** Writes out what has been held back longer than {@code idleFlush} (a meter that went quiet). */
    Step<T> flushIdle(long nowNanos) {
        return flush(nowNanos, false, true);
    }

    /** Writes out everything held back (orderly shutdown). */
    public Step<T> flushAll() {
        return flush(0, true, true);
    }

    /** Writes out every value that keeps a message unacknowledged, now (the minutes of power stay in progress). */
    Step<T> releaseHeld() {
        return flush(0, true, false);
    }

    private Step<T> flush(long nowNanos, boolean all, boolean power) {
        Step<T> step = new Step<>();
        long idle = config.idleFlush().toNanos();
        for (IndexState<T> s : indexes.values()) {
            if (s.pending != null && (all || nowNanos - s.pendingSince >= idle)) {
                writePending(s, step);
            }
            if (s.candidate != null && (all || nowNanos - s.candidateSince >= idle)) {
                flushCandidate(s, step);
            }
        }
        Minute latestPower = minute != null ? minute : closed;
        if (power && latestPower != null && (all || nowNanos - latestPower.lastNanos >= idle)) {
            if (closed != null) {
                writeMinute(closed, step);
                closed = null;
            }
            if (minute != null) {
                writeMinute(minute, step);
                minute = null;
            }
        }
        return step;
    }

    /**
     * The tokens of the messages whose value {@code value} of {@code channel} is held back (a boundary value waiting
     * for its slot, or the candidate): a copy of that message, recognised as a redelivery, is acknowledged once they are.
     */
    List<T> holding(String channel, long value) {
        IndexState<T> s = indexes.get(channel);
        if (s == null) {
            return List.of();
        }
        List<T> out = new ArrayList<>(1);
        if (s.pending != null && s.pending.value() == value) {
            out.add(s.pendingToken);
        }
        if (s.candidate != null && s.candidate.value() == value) {
            out.add(s.candidateToken);
        }
        return out;
    }

    boolean holdsSomething() {
        return minute != null || closed != null || indexes.values().stream().anyMatch(s -> s.candidate != null || s.pending != null);
    }

    private void index(Reading r, T token, long now, Step<T> step) {
        IndexState<T> s = indexes.get(r.channel());
        if (s == null) {
            first(r, token, now, step);
            return;
        }
        if (!r.instant().isAfter(s.lastSeen)) {
            step.keep.add(r);
            return;
        }
        if (s.candidate != null && halfHour(s.candidate.instant()) < halfHour(r.instant())
                && s.candidate.value() != s.lastKeptValue) {
            // The last value before the boundary just crossed: kept, and written at the meter's first slot after the
            // boundary rather than at once — every meter crosses it in the same second.
            if (s.pending != null) {
                writePending(s, step); // an earlier one still waiting (frames stopped for a while)
            }
            Instant boundary = Instant.ofEpochSecond(halfHour(r.instant()) * HALF_HOUR_S);
            hold(s, s.candidate, s.candidateToken, s.candidateSince, indexCadence.slotAtOrAfter(boundary));
            s.candidate = null;
            s.candidateToken = null;
        }
        if (s.pending != null && !r.instant().isBefore(s.pendingDue)) {
            writePending(s, step);
        }
        s.lastSeen = r.instant();
        boolean due = r.value() != s.lastKeptValue && !r.instant().isBefore(s.nextDue);
        if (due) {
            if (s.candidate != null && s.candidate.value() == s.lastKeptValue
                    && halfHour(s.candidate.instant()) != halfHour(s.lastKeptInstant)) {
                // The register stood still across a half-hour boundary and now moves: keep its last unchanged value
                // too, so that the change is dated to now and not spread over the whole quiet stretch.
                flushCandidate(s, step);
            } else {
                dropCandidate(s, step);
            }
            step.keep.add(r);
            s.lastKeptInstant = r.instant();
            s.lastKeptValue = r.value();
            s.nextDue = indexCadence.next(r.instant());
        } else {
            dropCandidate(s, step);
            s.candidate = r;
            s.candidateToken = token;
            s.candidateSince = now;
            step.held++;
        }
    }

    /** A register's first value is kept (the baseline), and written at the meter's first slot. */
    private void first(Reading r, T token, long now, Step<T> step) {
        IndexState<T> s = new IndexState<>();
        indexes.put(r.channel(), s);
        s.lastSeen = r.instant();
        s.nextDue = indexCadence.next(r.instant());
        Instant slot = indexCadence.slotAtOrAfter(r.instant());
        if (r.instant().isBefore(slot)) {
            hold(s, r, token, now, slot);
            step.held++;
        } else {
            step.keep.add(r);
            s.lastKeptInstant = r.instant();
            s.lastKeptValue = r.value();
        }
    }

    /** Counts {@code r} as kept from now on; it is written (and its token released) at {@code due}. */
    private void hold(IndexState<T> s, Reading r, T token, long since, Instant due) {
        s.pending = r;
        s.pendingToken = token;
        s.pendingSince = since;
        s.pendingDue = due;
        s.lastKeptInstant = r.instant();
        s.lastKeptValue = r.value();
    }

    private void writePending(IndexState<T> s, Step<T> step) {
        step.keep.add(s.pending);
        step.flushed.add(s.pendingToken);
        s.pending = null;
        s.pendingToken = null;
    }

    private void flushCandidate(IndexState<T> s, Step<T> step) {
        step.keep.add(s.candidate);
        step.flushed.add(s.candidateToken);
        s.lastKeptInstant = s.candidate.instant();
        s.lastKeptValue = s.candidate.value();
        s.candidate = null;
        s.candidateToken = null;
    }

    private void dropCandidate(IndexState<T> s, Step<T> step) {
        if (s.candidate != null) {
            step.superseded.add(s.candidateToken);
            step.dropped++;
            s.candidate = null;
            s.candidateToken = null;
        }
    }

    private void power(Reading r, long now, Step<T> step) {
        step.dropped++;
        Minute into = minuteOf(r.instant().truncatedTo(ChronoUnit.MINUTES), step);
        if (into == null) {
            return; // late for a minute already written
        }
        into.sum += r.value();
        into.count++;
        into.max = Math.max(into.max, r.value());
        into.lastNanos = now;
    }

    /** The minute a power reading belongs to; a reading of a new minute completes the one in progress. */
    private Minute minuteOf(Instant start, Step<T> step) {
        if (minute != null && start.equals(minute.start)) {
            return minute;
        }
        if (closed != null && start.equals(closed.start)) {
            return closed; // a late frame of the complete minute, not written yet
        }
        Minute newest = minute != null ? minute : closed;
        if (newest != null && start.isBefore(newest.start)) {
            return null;
        }
        if (minute != null) {
            if (closed != null) {
                writeMinute(closed, step);
            }
            closed = minute;
        }
        minute = new Minute(start);
        return minute;
    }

    private void writeMinute(Minute m, Step<T> step) {
        step.keep.add(new Reading(meter, m.start, Channels.POWER_MEAN_1M, Math.round((double) m.sum / m.count)));
        step.keep.add(new Reading(meter, m.start, Channels.POWER_MAX_1M, m.max));
    }

    private void sample(Reading r, Step<T> step) {
        Sample last = samples.get(r.channel());
        Instant due = last != null ? last.nextDue : sampleCadence.slotAtOrAfter(r.instant());
        if (!r.instant().isBefore(due)) {
            step.keep.add(r);
            samples.put(r.channel(), new Sample(r.instant(), sampleCadence.next(r.instant())));
        } else if (last != null && last.last != null && r.instant().isBefore(last.last)) {
            step.keep.add(r); // older than what was kept: a redelivery, harmless to store again
        } else {
            if (last == null) {
                samples.put(r.channel(), new Sample(null, due));
            }
            step.dropped++;
        }
    }

    private static boolean isInstantaneous(String ch) {
        return ch.startsWith(Channels.POWER_APPARENT) || ch.equals(Channels.POWER_INJECTED)
                || ch.startsWith(Channels.CURRENT + ".") || ch.startsWith(Channels.VOLTAGE + ".");
    }

    private static long halfHour(Instant t) {
        return Math.floorDiv(t.getEpochSecond(), HALF_HOUR_S);
    }
}
