package org.ecofoyer.ingest;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ecofoyer.drivers.Channels;
import org.ecofoyer.drivers.Reading;

/**
 * One meter's downsampling (DESIGN §4), a pure state machine fed in arrival order; not thread-safe.
 *
 * <p>Indexes: stored when changed and at least {@code indexInterval} after the last stored value of the register;
 * in between, the latest value is held as the <em>boundary candidate</em> and stored when a reading of a later
 * half-hour arrives, so that the last value before every half-hour boundary can be read from the stored rows
 * (aggregation computes consumption from those). A register that did not move is not stored again at the boundary
 * (the last stored value already is its value there: an index never decreases, so the half-hours in between consumed
 * exactly nothing on it), which spares a row per idle register and half-hour — most registers of a meter are idle,
 * and all meters cross a boundary at the same moment; when it moves again, its last unchanged value is stored with
 * the new one. Apparent power: per-minute mean and max. Other instantaneous values: sampled. Daily and
 * interval values from utilities pass through.
 *
 * <p>Each message comes with a token (its acknowledgement, for the caller). A held candidate keeps its message's token
 * pending: the message must not be acknowledged until the candidate is either written ({@link Step#flushed}) or
 * replaced by a newer value ({@link Step#superseded}); otherwise a crash would lose the boundary value.
 * Readings older than the latest seen for their channel (redeliveries, reordering) are passed through unchanged:
 * storing them again is harmless.
 */
final class Downsampler<T> {
    private static final long HALF_HOUR_S = 1800;

    /** The outcome of one step: what to write now and what happened to earlier messages' tokens. */
    static final class Step<T> {
        final List<Reading> keep = new ArrayList<>();
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
        boolean hasKept;
        Instant lastKeptInstant;
        long lastKeptValue;
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

    private final DownsamplingConfig config;
    private final String meter;
    private final Map<String, IndexState<T>> indexes = new HashMap<>();
    private final Map<String, Instant> lastSample = new HashMap<>();
    private Minute minute;

    Downsampler(String meter, DownsamplingConfig config) {
        this.meter = meter;
        this.config = config;
    }

    Step<T> accept(List<Reading> readings, T token, long nowNanos) {
        Step<T> step = new Step<>();
        if (!config.enabled()) {
            step.keep.addAll(readings);
            return step;
        }
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
        }
        return step;
    }

    /** Writes out what has been held back longer than {@code idleFlush} (a meter that went quiet). */
    Step<T> flushIdle(long nowNanos) {
        Step<T> step = new Step<>();
        long idle = config.idleFlush().toNanos();
        for (IndexState<T> s : indexes.values()) {
            if (s.candidate != null && nowNanos - s.candidateSince >= idle) {
                flushCandidate(s, step);
            }
        }
        if (minute != null && nowNanos - minute.lastNanos >= idle) {
            closeMinute(step);
        }
        return step;
    }

    /** Writes out everything held back (orderly shutdown). */
    Step<T> flushAll() {
        return flushIdle(Long.MAX_VALUE);
    }

    boolean holdsSomething() {
        return minute != null || indexes.values().stream().anyMatch(s -> s.candidate != null);
    }

    private void index(Reading r, T token, long now, Step<T> step) {
        IndexState<T> s = indexes.computeIfAbsent(r.channel(), c -> new IndexState<>());
        if (s.lastSeen != null && !r.instant().isAfter(s.lastSeen)) {
            step.keep.add(r);
            return;
        }
        if (s.candidate != null && halfHour(s.candidate.instant()) < halfHour(r.instant())
                && s.candidate.value() != s.lastKeptValue) {
            flushCandidate(s, step);
        }
        s.lastSeen = r.instant();
        boolean due = !s.hasKept || (r.value() != s.lastKeptValue
                && Duration.between(s.lastKeptInstant, r.instant()).compareTo(config.indexInterval()) >= 0);
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
            s.hasKept = true;
            s.lastKeptInstant = r.instant();
            s.lastKeptValue = r.value();
        } else {
            dropCandidate(s, step);
            s.candidate = r;
            s.candidateToken = token;
            s.candidateSince = now;
            step.held++;
        }
    }

    private void flushCandidate(IndexState<T> s, Step<T> step) {
        step.keep.add(s.candidate);
        step.flushed.add(s.candidateToken);
        s.hasKept = true;
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
        Instant start = r.instant().truncatedTo(ChronoUnit.MINUTES);
        if (minute != null && start.isAfter(minute.start)) {
            closeMinute(step);
        }
        step.dropped++;
        if (minute != null && start.isBefore(minute.start)) {
            return; // late for a minute already written
        }
        if (minute == null) {
            minute = new Minute(start);
        }
        minute.sum += r.value();
        minute.count++;
        minute.max = Math.max(minute.max, r.value());
        minute.lastNanos = now;
    }

    private void closeMinute(Step<T> step) {
        step.keep.add(new Reading(meter, minute.start, Channels.POWER_MEAN_1M, Math.round((double) minute.sum / minute.count)));
        step.keep.add(new Reading(meter, minute.start, Channels.POWER_MAX_1M, minute.max));
        minute = null;
    }

    private void sample(Reading r, Step<T> step) {
        Instant last = lastSample.get(r.channel());
        if (last == null || r.instant().isBefore(last)
                || Duration.between(last, r.instant()).compareTo(config.sampleInterval()) >= 0) {
            step.keep.add(r);
            if (last == null || r.instant().isAfter(last)) {
                lastSample.put(r.channel(), r.instant());
            }
        } else {
            step.dropped++;
        }
    }

    private static boolean isInstantaneous(String ch) {
        return ch.startsWith("power.apparent") || ch.equals(Channels.POWER_INJECTED) || ch.startsWith("current.")
                || ch.startsWith("voltage.");
    }

    private static long halfHour(Instant t) {
        return Math.floorDiv(t.getEpochSecond(), HALF_HOUR_S);
    }
}
