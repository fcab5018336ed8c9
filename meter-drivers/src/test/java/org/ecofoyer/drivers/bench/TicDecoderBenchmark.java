package org.ecofoyer.drivers.bench;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import org.ecofoyer.drivers.tic.TicDecoder;
import org.ecofoyer.drivers.tic.TicFrame;
import org.ecofoyer.drivers.tic.TicListener;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Single-thread TIC decoding throughput on streams made from the real captures, repeated to {@link #TARGET_BYTES}.
 * One operation decodes the whole stream, fed in 4 KiB chunks (a serial or file read). MB/s = ops/s × stream MB; the
 * stream sizes are printed at setup. Run: {@code mvn -B -pl meter-drivers -Pbench -DskipTests test} (see
 * docs/benchmarks.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class TicDecoderBenchmark {
    /** Like the 50 MB used to measure other decoders, trimmed to whole captures. */
    static final int TARGET_BYTES = 50 * 1000 * 1000;
    static final int CHUNK = 4096;

    @Param({"hallard_tinfo_replay__stand_base_tri.txt", "hallard_tinfo_replay__stand_base_long.txt",
        "hallard_tinfo_replay__histo_base_tri.txt", "hallard_tinfo_replay__stand_base.txt"})
    public String capture;

    byte[] stream;
    int framesPerStream;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        byte[] one;
        try (InputStream in = TicDecoderBenchmark.class.getResourceAsStream("/tic/" + capture)) {
            one = in.readAllBytes();
        }
        int copies = Math.max(1, TARGET_BYTES / one.length);
        stream = new byte[one.length * copies];
        for (int i = 0; i < copies; i++) {
            System.arraycopy(one, 0, stream, i * one.length, one.length);
        }
        int[] n = new int[1];
        TicDecoder d = TicDecoder.auto(f -> n[0]++);
        d.feed(stream);
        framesPerStream = n[0];
        System.out.printf("%n[bench] %s: stream %d bytes (%.3f MB), %d frames, %s%n", capture, stream.length, stream.length / 1e6,
                framesPerStream, d.counters().summary());
    }

    private void decode(TicListener l) {
        TicDecoder d = TicDecoder.auto(l);
        byte[] s = stream;
        for (int off = 0; off < s.length; off += CHUNK) {
            d.feed(s, off, Math.min(CHUNK, s.length - off));
        }
        d.endOfInput();
    }

    /** Decode only: every frame is built (one copy), its group count consumed. */
    @Benchmark
    public void decode(Blackhole bh) {
        decode(f -> bh.consume(f.size()));
    }

    /** Decode and read every index as ingest does ({@link TicFrame#indexes()}: strings → numbers, map per frame). */
    @Benchmark
    public void decodeAndReadIndexes(Blackhole bh) {
        decode(f -> bh.consume(f.indexes()));
    }

    /** Same-run baseline: the cheapest possible pass over the same bytes (mask and sum), i.e. the memory/loop ceiling. */
    @Benchmark
    public long baselineMaskAndSum() {
        long sum = 0;
        byte[] s = stream;
        for (int i = 0; i < s.length; i++) {
            sum += s[i] & 0x7F;
        }
        return sum;
    }
}
