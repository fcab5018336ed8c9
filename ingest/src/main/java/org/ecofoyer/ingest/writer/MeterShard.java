package org.ecofoyer.ingest.writer;

import java.util.ArrayList;
import java.util.List;

/**
 * A shard of the compactor's walk: a fixed range of meter ids, {@code number × width} to {@code number × width +
 * width − 1} (both included). The ranges depend on the width only, never on the data, so every instance means the same
 * meters by the same shard number and two compactors holding different shards never fold the same series-day.
 */
record MeterShard(int number, int first, int last) {

    static MeterShard of(int number, int width) {
        long first = (long) number * width;
        return new MeterShard(number, clamp(first), clamp(first + width - 1));
    }

    /** The shards that hold the meters from {@code min} to {@code max}, in number order. */
    static List<MeterShard> covering(int min, int max, int width) {
        if (width < 1 || min > max) {
            throw new IllegalArgumentException("width " + width + ", meters " + min + " to " + max);
        }
        List<MeterShard> out = new ArrayList<>();
        for (long s = Math.floorDiv(min, width); s <= Math.floorDiv(max, width); s++) {
            out.add(of((int) s, width));
        }
        return out;
    }

    private static int clamp(long id) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, id));
    }
}
