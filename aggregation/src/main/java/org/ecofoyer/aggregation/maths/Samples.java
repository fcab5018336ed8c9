package org.ecofoyer.aggregation.maths;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.ecofoyer.aggregation.maths.SlotCalculator.Sample;

/**
 * One channel's readings as two primitive columns, sorted by instant with no repeated instant: epoch microseconds
 * and values. The recompute reads hundreds of thousands of readings per meter; one object per reading would cost
 * more than the maths.
 */
public final class Samples {
    public static final Samples EMPTY = new Samples(new long[0], new long[0], 0);

    private final long[] micros;
    private final long[] values;
    private final int size;

    private Samples(long[] micros, long[] values, int size) {
        this.micros = micros;
        this.values = values;
        this.size = size;
    }

    /**
     * Columns as read. Already sorted with unique instants when they come from the database (primary key, ORDER BY),
     * which one linear check confirms; otherwise normalised like {@link #of(List)}.
     */
    public static Samples of(long[] micros, long[] values, int size) {
        for (int i = 1; i < size; i++) {
            if (micros[i] <= micros[i - 1]) {
                return normalise(micros, values, size);
            }
        }
        return new Samples(micros, values, size);
    }

    /** Sorts by instant and drops repeated instants, keeping the smallest value (so any order gives the same). */
    public static Samples of(List<Sample> in) {
        int n = in.size();
        long[] t = new long[n];
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = SlotCalculator.micros(in.get(i).at());
            v[i] = in.get(i).value();
        }
        return of(t, v, n);
    }

    private static Samples normalise(long[] micros, long[] values, int size) {
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> micros[a] != micros[b] ? Long.compare(micros[a], micros[b]) : Long.compare(values[a], values[b]));
        long[] t = new long[size];
        long[] v = new long[size];
        int n = 0;
        for (int k = 0; k < size; k++) {
            int i = order[k];
            if (n == 0 || t[n - 1] != micros[i]) {
                t[n] = micros[i];
                v[n] = values[i];
                n++;
            }
        }
        return new Samples(t, v, n);
    }

    /**
     * The readings at or before {@code maxMicros} (a prefix: they are sorted): what the recompute may use when later
     * ones are beyond the clock's tolerance (a wrong clock's reading must not make future rollups).
     */
    public Samples upTo(long maxMicros) {
        int n = size;
        while (n > 0 && micros[n - 1] > maxMicros) {
            n--;
        }
        return n == size ? this : new Samples(micros, values, n);
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Epoch microseconds of the i-th reading. */
    public long micros(int i) {
        return micros[i];
    }

    public Instant at(int i) {
        return SlotCalculator.instant(micros[i]);
    }

    public long value(int i) {
        return values[i];
    }
}
