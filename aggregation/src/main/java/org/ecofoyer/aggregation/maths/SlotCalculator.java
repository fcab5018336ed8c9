package org.ecofoyer.aggregation.maths;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * The rollup maths for one channel: readings in, Wh (or litres) and euros per half-hour slot out. Pure.
 *
 * <p>Slots are the 30-minute intervals of the UTC grid, which are exactly the local half-hours of every zone whose
 * offset is a whole number of half-hours (all of France). Slot {@code k} covers {@code [k·30 min, (k+1)·30 min)}.
 *
 * <p>Rules for cumulative indexes (each consecutive pair of distinct readings {@code (ta, va)}, {@code (tb, vb)},
 * after sorting by instant and dropping repeated instants):
 * <ul>
 *   <li><b>Boundary rule</b>: the delta {@code vb - va} goes to the slot whose end is at or after {@code tb}, i.e.
 *       the slot {@code (start, end]} that contains {@code tb}. So a slot's consumption is the index at its end minus
 *       the index at its start, each being the last reading at or before the boundary (DESIGN §5).</li>
 *   <li><b>Gap</b>: when {@code tb - ta > maxGap} and the pair spans a slot boundary, nobody knows where the boundary
 *       values were: the delta is spread over every slot that {@code (ta, tb]} overlaps, in proportion to the overlap
 *       (so evenly over whole missing half-hours), in whole Wh by largest remainder (ties to the earlier slot), and
 *       those slots are flagged estimated. The split depends only on the pair, so any recompute range gives the same
 *       numbers. When the index did not move ({@code va == vb}), every slot in between consumed exactly 0: those
 *       slots get 0, not flagged (ingest does not store an idle register again at each boundary).</li>
 *   <li><b>Reset</b>: a decreasing index (meter reset or replacement) starts a new baseline: the pair contributes 0
 *       and its slot is flagged estimated. Never negative.</li>
 *   <li><b>Glitch</b> (flag, never discard): a rise faster than {@code maxWatts} between two readings cannot have
 *       happened in that time; its readings were stamped late (a backlog delivered at once, all stamped on reception)
 *       or the meter jumped. The rise is kept whole: it is spread over the span since the <em>last trusted
 *       reading</em> — the latest earlier reading from which the rise to the pair's end is plausible (at most
 *       {@code maxWatts}), looked for no further back than {@code maxGap} before the pair's end, nor across a
 *       decrease; when none is plausible, the earliest reading so found (at worst the pair's own start) — in
 *       proportion to the overlap, like a gap, and every slot it touches is flagged estimated. Each pair's own rise
 *       is spread once, so the rollups account for every Wh (docs/architecture.md, "History is never lost"). The
 *       spread depends only on the readings in {@code [end - maxGap, end]} and the pair's start, so a recompute that
 *       starts {@code maxGap} before a change gives the same numbers as one from scratch.</li>
 * </ul>
 * <p>Euros: each piece of consumption is priced at the price valid when it was consumed; a slot without a price
 * change inside is simply its Wh × the price at its start; a slot with a price change inside is priced piece by
 * piece, a piece that straddles the change being split in proportion to time.
 */
public final class SlotCalculator {
    static final long SLOT_US = 1_800_000_000L;
    private static final MathContext MC = MathContext.DECIMAL64;
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

    /** One reading of one channel. */
    public record Sample(Instant at, long value) {
    }

    /**
     * @param maxGap   a pair of readings further apart than this (and spanning a slot boundary) is a gap
     * @param maxWatts a faster rise cannot be placed in time: it is spread since the last trusted reading, estimated
     *                 ({@code maxGap} is also how far back that reading is looked for)
     */
    public record Params(Duration maxGap, long maxWatts) {
        public static final Params DEFAULT = new Params(Duration.ofMinutes(35), 100_000);
    }

    /** The price, per kWh (or per m³), of what a slot consumed at an instant; {@code null} when unknown. */
    @FunctionalInterface
    public interface Pricer {
        BigDecimal at(long slot, Instant at);
    }

    /** What one slot adds up to. {@code cost} is {@code null} when a price was missing. */
    public record SlotValue(long quantity, BigDecimal cost, boolean estimated) {
    }

    private static final class Acc {
        long wh;
        boolean estimated;
        BigDecimal pieceCost;
        boolean missing;
    }

    private final long fromSlot;
    private final long toSlot;
    private final Pricer pricer;
    private final long[] changes;
    private final TreeMap<Long, Acc> slots = new TreeMap<>();

    private SlotCalculator(long fromSlot, long toSlot, Pricer pricer, Instant[] changes) {
        this.fromSlot = fromSlot;
        this.toSlot = toSlot;
        this.pricer = pricer;
        this.changes = Arrays.stream(changes).mapToLong(SlotCalculator::micros).sorted().toArray();
    }

    public static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    }

    public static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }

    public static long slotOf(Instant t) {
        return Math.floorDiv(micros(t), SLOT_US);
    }

    public static Instant slotStart(long slot) {
        return instant(slot * SLOT_US);
    }

    /** Consumption per slot in [fromSlot, toSlot) from a cumulative index. */
    static TreeMap<Long, SlotValue> fromIndex(List<Sample> readings, long fromSlot, long toSlot, Params params,
                                                     Pricer pricer, Instant[] priceChanges) {
        return fromIndex(Samples.of(readings), fromSlot, toSlot, params, pricer, priceChanges);
    }

    /** Consumption per slot in [fromSlot, toSlot) from a cumulative index (sorted, unique instants). */
    static TreeMap<Long, SlotValue> fromIndex(Samples s, long fromSlot, long toSlot, Params params,
                                                     Pricer pricer, Instant[] priceChanges) {
        SlotCalculator calc = new SlotCalculator(fromSlot, toSlot, pricer, priceChanges);
        long maxGapUs = params.maxGap().toNanos() / 1000;
        long maxWatts = params.maxWatts();
        int n = s.size();
        for (int i = 1; i < n; i++) {
            long ta = s.micros(i - 1);
            long va = s.value(i - 1);
            long tb = s.micros(i);
            long vb = s.value(i);
            if (vb > va && tooFast(vb - va, tb - ta, maxWatts)) {
                int j = lastTrusted(s, i, maxGapUs, maxWatts);
                long from = s.micros(j);
                calc.spread(Math.floorDiv(from, SLOT_US), Math.floorDiv(tb - 1, SLOT_US), from, tb, vb - va, true);
            } else {
                calc.pair(ta, va, tb, vb, maxGapUs);
            }
        }
        return calc.finish();
    }

    /** How many readings back the last trusted reading is looked for, at most: bounds a pathological series. */
    static final int MAX_LOOKBACK = 4096;

    /**
     * The index of the last trusted reading for the rise into reading {@code i} (a rise too fast from {@code i - 1}):
     * the latest {@code j < i} from which the rise to {@code i} is plausible, among the readings at or after
     * {@code t(i) - maxGap} with no decrease between them and {@code i} ({@code i - 1} always counts); when none is
     * plausible, the earliest of them.
     */
    static int lastTrusted(Samples s, int i, long maxGapUs, long maxWatts) {
        long tb = s.micros(i);
        long vb = s.value(i);
        long windowStart = tb - maxGapUs;
        int earliest = i - 1;
        for (int k = i - 1; k >= 0 && i - k <= MAX_LOOKBACK; k--) {
            if (k < i - 1 && (s.micros(k) < windowStart || s.value(k) > s.value(k + 1))) {
                break;
            }
            earliest = k;
            if (!tooFast(vb - s.value(k), tb - s.micros(k), maxWatts)) {
                return k;
            }
        }
        return earliest;
    }

    /** Consumption per slot from per-interval energies ({@code energy.interval.30}: value consumed in [instant, +30 min)). */
    static TreeMap<Long, SlotValue> fromIntervals(List<Sample> energies, long fromSlot, long toSlot, Pricer pricer,
                                                         Instant[] priceChanges) {
        return fromIntervals(Samples.of(energies), fromSlot, toSlot, pricer, priceChanges);
    }

    /** Consumption per slot from per-interval energies (sorted, unique instants). */
    static TreeMap<Long, SlotValue> fromIntervals(Samples energies, long fromSlot, long toSlot, Pricer pricer,
                                                         Instant[] priceChanges) {
        SlotCalculator calc = new SlotCalculator(fromSlot, toSlot, pricer, priceChanges);
        for (int i = 0; i < energies.size(); i++) {
            long start = energies.micros(i);
            long slot = Math.floorDiv(start, SLOT_US);
            calc.add(slot, Math.max(0, energies.value(i)), start, start + SLOT_US, false);
        }
        return calc.finish();
    }

    /** A pair whose rise is plausible (or a decrease): the boundary rule, a gap, or a reset. */
    private void pair(long ta, long va, long tb, long vb, long maxGapUs) {
        long dt = tb - ta;
        long delta = vb - va;
        long slotB = Math.floorDiv(tb - 1, SLOT_US);
        if (delta < 0) {
            add(slotB, 0, Math.max(ta, slotB * SLOT_US), tb, true);
            return;
        }
        long slotA = Math.floorDiv(ta, SLOT_US);
        if (dt <= maxGapUs || slotA == slotB) {
            add(slotB, delta, Math.max(ta, slotB * SLOT_US), tb, false);
            return;
        }
        // An index that did not move consumed exactly 0 in every slot in between (it never decreases): not an estimate.
        spread(slotA, slotB, ta, tb, delta, delta != 0);
    }

    /** Whether {@code delta} Wh in {@code dt} µs exceeds {@code maxWatts}: delta·3.6e9 > maxWatts·dt, exactly. */
    static boolean tooFast(long delta, long dt, long maxWatts) {
        if (delta >= 0 && delta < 2_000_000_000L && dt >= 0 && dt < 9_000_000_000L && maxWatts >= 0 && maxWatts < 1_000_000_000L) {
            return delta * 3_600_000_000L > maxWatts * dt; // both products fit in a long
        }
        try {
            return Math.multiplyExact(delta, 3_600_000_000L) > Math.multiplyExact(maxWatts, dt);
        } catch (ArithmeticException overflow) {
            return BigInteger.valueOf(delta).multiply(BigInteger.valueOf(3_600_000_000L))
                    .compareTo(BigInteger.valueOf(maxWatts).multiply(BigInteger.valueOf(dt))) > 0;
        }
    }

    /** Spreads {@code delta} over (ta, tb] in proportion to each slot's overlap, whole Wh by largest remainder. */
    private void spread(long slotA, long slotB, long ta, long tb, long delta, boolean estimated) {
        int n = (int) (slotB - slotA + 1);
        long dt = tb - ta;
        long[] share = new long[n];
        long[] rem = new long[n];
        long given = 0;
        BigInteger bd = BigInteger.valueOf(delta);
        BigInteger bdt = BigInteger.valueOf(dt);
        for (int i = 0; i < n; i++) {
            long k = slotA + i;
            long overlap = Math.min(tb, (k + 1) * SLOT_US) - Math.max(ta, k * SLOT_US);
            BigInteger[] qr = bd.multiply(BigInteger.valueOf(overlap)).divideAndRemainder(bdt);
            share[i] = qr[0].longValueExact();
            rem[i] = qr[1].longValueExact();
            given += share[i];
        }
        long left = delta - given;
        if (left > 0) {
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (x, y) -> rem[x] != rem[y] ? Long.compare(rem[y], rem[x]) : Integer.compare(x, y));
            for (int j = 0; j < left; j++) {
                share[order[j]]++;
            }
        }
        for (int i = 0; i < n; i++) {
            long k = slotA + i;
            if (k >= fromSlot && k < toSlot) {
                add(k, share[i], Math.max(ta, k * SLOT_US), Math.min(tb, (k + 1) * SLOT_US), estimated);
            }
        }
    }

    /** Adds {@code wh} consumed over (x, y] to a slot. */
    private void add(long slot, long wh, long x, long y, boolean estimated) {
        if (slot < fromSlot || slot >= toSlot) {
            return;
        }
        // Readings come in time order, so most calls hit the same slot as the previous one.
        if (slot != lastSlot) {
            lastSlot = slot;
            lastAcc = slots.computeIfAbsent(slot, k -> new Acc());
            lastHasChange = hasChangeInside(slot * SLOT_US, (slot + 1) * SLOT_US);
        }
        Acc a = lastAcc;
        a.wh += wh;
        a.estimated |= estimated;
        if (lastHasChange) {
            pricePiece(a, slot, wh, x, y);
        }
    }

    private long lastSlot = Long.MIN_VALUE;
    private Acc lastAcc;
    private boolean lastHasChange;

    private boolean hasChangeInside(long from, long to) {
        int i = Arrays.binarySearch(changes, from + 1);
        int idx = i >= 0 ? i : -i - 1;
        return idx < changes.length && changes[idx] < to;
    }

    private void pricePiece(Acc a, long slot, long wh, long x, long y) {
        if (a.pieceCost == null) {
            a.pieceCost = BigDecimal.ZERO;
        }
        if (wh == 0) {
            return;
        }
        List<Long> cuts = new ArrayList<>();
        cuts.add(x);
        for (long c : changes) {
            if (c > x && c < y) {
                cuts.add(c);
            }
        }
        cuts.add(y);
        BigDecimal whd = BigDecimal.valueOf(wh);
        BigDecimal len = BigDecimal.valueOf(y - x);
        for (int i = 0; i + 1 < cuts.size(); i++) {
            BigDecimal price = pricer.at(slot, instant(cuts.get(i)));
            if (price == null) {
                a.missing = true;
                continue;
            }
            BigDecimal part = cuts.size() == 2 ? whd
                    : whd.multiply(BigDecimal.valueOf(cuts.get(i + 1) - cuts.get(i))).divide(len, MC);
            a.pieceCost = a.pieceCost.add(part.multiply(price, MC).divide(THOUSAND, MC));
        }
    }

    private TreeMap<Long, SlotValue> finish() {
        TreeMap<Long, SlotValue> out = new TreeMap<>();
        slots.forEach((slot, a) -> {
            BigDecimal cost;
            if (a.wh == 0) {
                cost = BigDecimal.ZERO; // nothing consumed costs nothing, known price or not
            } else if (a.pieceCost != null) {
                cost = a.missing ? null : a.pieceCost;
            } else {
                BigDecimal price = pricer.at(slot, slotStart(slot));
                cost = price == null ? null : BigDecimal.valueOf(a.wh).multiply(price).divide(THOUSAND, MC);
            }
            out.put(slot, new SlotValue(a.wh, cost == null ? null : Costs.round(cost), a.estimated));
        });
        return out;
    }
}
