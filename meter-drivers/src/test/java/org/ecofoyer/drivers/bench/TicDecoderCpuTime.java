package org.ecofoyer.drivers.bench;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.ecofoyer.drivers.tic.TicDecoder;

/**
 * Throughput per CPU-second of the decoding thread (ThreadMXBean CPU time), next to wall-clock throughput. On a machine
 * shared with other busy processes, wall-clock figures (JMH) measure our share of the CPU as much as the decoder; CPU
 * time says what one core does while it runs us. Usage: {@code java -cp ... TicDecoderCpuTime [seconds] [captures...]}.
 */
public final class TicDecoderCpuTime {
    private TicDecoderCpuTime() {
    }

    public static void main(String[] args) throws IOException {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 20;
        String[] captures = args.length > 1 ? java.util.Arrays.copyOfRange(args, 1, args.length)
                : new String[] {"hallard_tinfo_replay__stand_base_tri.txt", "hallard_tinfo_replay__stand_base_long.txt",
                    "hallard_tinfo_replay__histo_base_tri.txt", "hallard_tinfo_replay__stand_base.txt"};
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (String capture : captures) {
            byte[] one;
            try (InputStream in = TicDecoderCpuTime.class.getResourceAsStream("/tic/" + capture)) {
                one = in.readAllBytes();
            }
            int copies = Math.max(1, TicDecoderBenchmark.TARGET_BYTES / one.length);
            byte[] stream = new byte[one.length * copies];
            for (int i = 0; i < copies; i++) {
                System.arraycopy(one, 0, stream, i * one.length, one.length);
            }
            long[] frames = new long[1];
            // Warm-up: a third of the time.
            run(stream, frames, seconds / 3, mx);
            frames[0] = 0;
            long[] r = run(stream, frames, seconds, mx);
            long bytes = r[0];
            double cpu = r[1] / 1e9;
            double wall = r[2] / 1e9;
            System.out.printf("%-45s %8.1f MB/s per CPU-second  %10.0f frames/s per CPU-second  (wall %6.1f MB/s, CPU share %3.0f%%)%n",
                    capture, bytes / 1e6 / cpu, frames[0] / cpu, bytes / 1e6 / wall, 100 * cpu / wall);
        }
    }

    /** Decodes the stream repeatedly for {@code seconds} of CPU time; returns bytes, CPU ns, wall ns. */
    private static long[] run(byte[] stream, long[] frames, double seconds, ThreadMXBean mx) {
        long cpu0 = mx.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        long bytes = 0;
        while (mx.getCurrentThreadCpuTime() - cpu0 < seconds * 1e9) {
            TicDecoder d = TicDecoder.auto(f -> frames[0] += f.size() > 0 ? 1 : 0);
            for (int off = 0; off < stream.length; off += TicDecoderBenchmark.CHUNK) {
                d.feed(stream, off, Math.min(TicDecoderBenchmark.CHUNK, stream.length - off));
            }
            d.endOfInput();
            bytes += stream.length;
        }
        return new long[] {bytes, mx.getCurrentThreadCpuTime() - cpu0, System.nanoTime() - wall0};
    }
}
