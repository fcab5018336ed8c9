package org.ecofoyer.ingest.query;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The compact form of one channel's raw readings over a period (a {@code reading_block} row's {@code data}): exact
 * instants (epoch microseconds, what PostgreSQL's {@code timestamptz} holds) and exact values, at 1–2 bytes a reading
 * for meter data instead of ~110 as rows. Pure.
 *
 * <p>Layout: a flags byte, then the body, deflated when that is smaller (flag bit 0; the body's length precedes the
 * deflated bytes). The body is columnar — all instants, then all values — because each column's numbers resemble one
 * another, which is what deflate's Huffman stage feeds on:
 * <ul>
 * <li>{@code n}, then the time unit: the coarsest of 1 s, 1 ms, 1 µs that divides every instant (TIC frames carry
 *     whole seconds; reception stamps carry micros), as an exponent 6, 3 or 0;</li>
 * <li>instants in that unit: the first, the first delta, then deltas of deltas (a steady cadence is zeros);</li>
 * <li>values: the first, then deltas (an index moves a few Wh, a voltage a few V).</li>
 * </ul>
 * Every number is a zigzag LEB128 varint; differences are taken with wrapping arithmetic, so any {@code long}
 * round-trips exactly (the property test covers the extremes).
 */
public final class BlockCodec {
    private static final int DEFLATED = 1;

    private BlockCodec() {
    }

    /**
     * Encodes the first {@code n} readings: {@code micros} strictly increasing (one reading per instant, the key of
     * {@code reading}), {@code values} aligned with them.
     */
    public static byte[] encode(long[] micros, long[] values, int n) {
        if (n < 0 || n > micros.length || n > values.length) {
            throw new IllegalArgumentException("n out of range: " + n);
        }
        for (int i = 1; i < n; i++) {
            if (micros[i] <= micros[i - 1]) {
                throw new IllegalArgumentException("instants must strictly increase, at " + i);
            }
        }
        int exponent = unitExponent(micros, n);
        long unit = pow10(exponent);
        Bytes body = new Bytes(n * 3 + 16);
        body.varint(n);
        body.varint(exponent);
        long prev = 0;
        long prevDelta = 0;
        for (int i = 0; i < n; i++) {
            long t = micros[i] / unit;
            if (i == 0) {
                body.zigzag(t);
            } else {
                long delta = t - prev;
                body.zigzag(i == 1 ? delta : delta - prevDelta);
                prevDelta = delta;
            }
            prev = t;
        }
        long prevValue = 0;
        for (int i = 0; i < n; i++) {
            body.zigzag(values[i] - prevValue);
            prevValue = values[i];
        }
        byte[] plain = body.toArray();
        byte[] packed = deflate(plain);
        if (packed.length + varintSize(plain.length) < plain.length) {
            Bytes out = new Bytes(packed.length + 8);
            out.write(DEFLATED);
            out.varint(plain.length);
            out.write(packed, packed.length);
            return out.toArray();
        }
        Bytes out = new Bytes(plain.length + 1);
        out.write(0);
        out.write(plain, plain.length);
        return out.toArray();
    }

    /** The readings of a block, in instant order. */
    public static ReadingCopy.Columns decode(byte[] data) {
        if (data.length == 0) {
            throw new IllegalArgumentException("empty block");
        }
        int flags = data[0] & 0xff;
        byte[] body;
        if ((flags & DEFLATED) != 0) {
            Reader header = new Reader(data, 1);
            int size = (int) header.varint();
            body = inflate(data, header.pos, size);
        } else if (flags == 0) {
            body = Arrays.copyOfRange(data, 1, data.length);
        } else {
            throw new IllegalArgumentException("unknown block flags " + flags);
        }
        Reader in = new Reader(body, 0);
        int n = (int) in.varint();
        int exponent = (int) in.varint();
        if (n < 0 || (exponent != 0 && exponent != 3 && exponent != 6)) {
            throw new IllegalArgumentException("corrupt block header");
        }
        long unit = pow10(exponent);
        long[] micros = new long[n];
        long[] values = new long[n];
        long t = 0;
        long delta = 0;
        for (int i = 0; i < n; i++) {
            long z = in.zigzag();
            if (i == 0) {
                t = z;
            } else {
                delta = i == 1 ? z : delta + z;
                t += delta;
            }
            micros[i] = t * unit;
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            v += in.zigzag();
            values[i] = v;
        }
        if (in.pos != body.length) {
            throw new IllegalArgumentException("corrupt block: " + (body.length - in.pos) + " trailing bytes");
        }
        return new ReadingCopy.Columns(micros, values, n);
    }

    /** 6 when every instant is a whole second, 3 when a whole millisecond, else 0. */
    static int unitExponent(long[] micros, int n) {
        boolean seconds = true;
        boolean millis = true;
        for (int i = 0; i < n && millis; i++) {
            seconds &= micros[i] % 1_000_000 == 0;
            millis &= micros[i] % 1_000 == 0;
        }
        return seconds ? 6 : millis ? 3 : 0;
    }

    private static long pow10(int exponent) {
        return exponent == 6 ? 1_000_000L : exponent == 3 ? 1_000L : 1L;
    }

    private static byte[] deflate(byte[] plain) {
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
        try {
            d.setInput(plain);
            d.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length / 2 + 16);
            byte[] buf = new byte[4096];
            while (!d.finished()) {
                int k = d.deflate(buf);
                out.write(buf, 0, k);
            }
            return out.toByteArray();
        } finally {
            d.end();
        }
    }

    private static byte[] inflate(byte[] data, int from, int size) {
        Inflater inf = new Inflater(true);
        try {
            inf.setInput(data, from, data.length - from);
            byte[] out = new byte[size];
            int got = 0;
            while (got < size) {
                int k = inf.inflate(out, got, size - got);
                if (k == 0 && (inf.finished() || inf.needsInput() || inf.needsDictionary())) {
                    break;
                }
                got += k;
            }
            if (got != size) {
                throw new IllegalArgumentException("corrupt block: inflated " + got + " of " + size + " bytes");
            }
            return out;
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("corrupt block: " + e.getMessage(), e);
        } finally {
            inf.end();
        }
    }

    private static int varintSize(long v) {
        int k = 1;
        while ((v & ~0x7fL) != 0) {
            v >>>= 7;
            k++;
        }
        return k;
    }

    /** A growable byte buffer with varint writers. */
    private static final class Bytes {
        private byte[] buf;
        private int len;

        Bytes(int capacity) {
            buf = new byte[Math.max(16, capacity)];
        }

        void write(int b) {
            if (len == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            buf[len++] = (byte) b;
        }

        void write(byte[] b, int n) {
            if (len + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
            }
            System.arraycopy(b, 0, buf, len, n);
            len += n;
        }

        void varint(long v) {
            while ((v & ~0x7fL) != 0) {
                write((int) ((v & 0x7f) | 0x80));
                v >>>= 7;
            }
            write((int) v);
        }

        void zigzag(long v) {
            varint((v << 1) ^ (v >> 63));
        }

        byte[] toArray() {
            return Arrays.copyOf(buf, len);
        }
    }

    /** Reads varints from a byte array. */
    private static final class Reader {
        private final byte[] buf;
        private int pos;

        Reader(byte[] buf, int pos) {
            this.buf = buf;
            this.pos = pos;
        }

        long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= buf.length) {
                    throw new IllegalArgumentException("corrupt block: truncated varint");
                }
                byte b = buf[pos++];
                v |= (long) (b & 0x7f) << shift;
                if (b >= 0) {
                    return v;
                }
            }
            throw new IllegalArgumentException("corrupt block: varint too long");
        }

        long zigzag() {
            long z = varint();
            return (z >>> 1) ^ -(z & 1);
        }
    }
}
