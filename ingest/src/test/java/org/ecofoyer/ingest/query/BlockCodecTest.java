package org.ecofoyer.ingest.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Example;

/** The block codec: exact round trips for any readings, and the size it reaches on meter-like data. */
class BlockCodecTest {
    /** Instants (any longs, made distinct and sorted) and values (any longs): what goes in comes out, exactly. */
    @Property(tries = 400)
    void anyReadingsRoundTripExactly(@ForAll("series") long[][] series) {
        long[] micros = series[0];
        long[] values = series[1];
        ReadingCopy.Columns back = BlockCodec.decode(BlockCodec.encode(micros, values, micros.length));
        assertThat(back.size()).isEqualTo(micros.length);
        assertThat(Arrays.copyOf(back.micros(), back.size())).containsExactly(micros);
        assertThat(Arrays.copyOf(back.values(), back.size())).containsExactly(values);
    }

    @Provide
    Arbitrary<long[][]> series() {
        // a mix of scales: whole seconds (TIC DATE), milliseconds, microseconds, and the extremes of long
        Arbitrary<Long> instant = Arbitraries.oneOf(
                Arbitraries.longs().between(1_700_000_000L, 1_800_000_000L).map(s -> s * 1_000_000L),
                Arbitraries.longs().between(1_700_000_000_000L, 1_800_000_000_000L).map(ms -> ms * 1_000L),
                Arbitraries.longs().between(1_700_000_000_000_000L, 1_800_000_000_000_000L),
                Arbitraries.longs(), Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L));
        Arbitrary<Long> value = Arbitraries.oneOf(Arbitraries.longs().between(-1_000, 100_000_000),
                Arbitraries.longs(), Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L));
        return Combinators.combine(instant.list().ofMaxSize(300), value.list().ofMaxSize(300)).as(this::pair);
    }

    private long[][] pair(List<Long> instants, List<Long> values) {
        TreeMap<Long, Long> byInstant = new TreeMap<>();
        for (int i = 0; i < instants.size(); i++) {
            byInstant.put(instants.get(i), values.isEmpty() ? i : values.get(i % values.size()));
        }
        long[] micros = byInstant.keySet().stream().mapToLong(Long::longValue).toArray();
        long[] vals = byInstant.values().stream().mapToLong(Long::longValue).toArray();
        return new long[][] {micros, vals};
    }

    /** Only the first n count; longer arrays (a reader's growable buffers) are fine. */
    @Example
    void encodesOnlyTheFirstN() {
        long[] micros = {1_000_000, 2_000_000, 3_000_000, 0};
        long[] values = {5, 6, 7, 0};
        ReadingCopy.Columns back = BlockCodec.decode(BlockCodec.encode(micros, values, 3));
        assertThat(back.size()).isEqualTo(3);
        assertThat(back.values()).containsExactly(5, 6, 7);
    }

    /** The key of reading: one value per instant, in order; anything else is a caller's bug, refused. */
    @Example
    void refusesInstantsOutOfOrderOrRepeated() {
        assertThatThrownBy(() -> BlockCodec.encode(new long[] {2, 1}, new long[] {0, 0}, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BlockCodec.encode(new long[] {1, 1}, new long[] {0, 0}, 2)).isInstanceOf(IllegalArgumentException.class);
    }

    /** A block cut short or with a stray byte is refused, never decoded into other readings. */
    @Example
    void corruptBlocksAreRefused() {
        long[] micros = {1_000_000, 61_000_000, 121_000_000};
        byte[] good = BlockCodec.encode(micros, new long[] {1, 2, 3}, 3);
        assertThatThrownBy(() -> BlockCodec.decode(Arrays.copyOf(good, good.length - 1))).isInstanceOf(IllegalArgumentException.class);
        byte[] longer = Arrays.copyOf(good, good.length + 1);
        assertThatThrownBy(() -> BlockCodec.decode(longer)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BlockCodec.decode(new byte[] {7})).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * A day of a meter's index at one reading a minute (whole seconds, jittered by the frame cadence, a few Wh a
     * minute) fits in under 1.5 bytes a reading: what the 10 MB per meter-year target needs (about 1.9).
     */
    @Example
    void aDayOfMeterLikeDataIsAboutAByteAReading() {
        Random random = new Random(17);
        int n = 1440;
        long[] micros = new long[n];
        long[] values = new long[n];
        long t = 1_800_000_000L;
        long v = 12_345_678;
        for (int i = 0; i < n; i++) {
            t += 59 + random.nextInt(3);
            v += random.nextInt(20);
            micros[i] = t * 1_000_000L;
            values[i] = v;
        }
        byte[] block = BlockCodec.encode(micros, values, n);
        assertThat((double) block.length / n).isLessThan(1.5);
    }
}
