package org.ecofoyer.ingest.query;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * Reads one channel of a meter's raw readings with a binary {@code COPY ... TO STDOUT}: the server sends each
 * timestamp as its 8-byte microsecond count and each value as 8 bytes, so neither side formats or parses text and
 * no object is made per reading (aggregation's recompute reads through it: its hot path; see docs/benchmarks.md).
 */
public final class ReadingCopy {
    /** Microseconds from 1970-01-01 to PostgreSQL's epoch 2000-01-01 (binary timestamps count from there). */
    private static final long PG_EPOCH_US = 946_684_800_000_000L;
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};

    private ReadingCopy() {
    }

    /**
     * A channel's readings as two primitive columns, in instant order with no repeated instant (the primary key):
     * the first {@code size} elements of {@code micros} (epoch microseconds) and {@code values}.
     */
    public record Columns(long[] micros, long[] values, int size) {
    }

    /**
     * The readings of {@code channel} at or after {@code from} (null: all), in instant order: the compacted blocks
     * ({@code reading_block}, {@link BlockCodec}) and the hot rows ({@code reading}) merged, a block's value winning
     * when both hold an instant ({@link ColumnsMerge}). Without blocks it costs one index probe more than the rows alone.
     */
    public static Columns read(Connection c, int meterId, String channel, Instant from) throws SQLException {
        Columns hot = readHot(c, meterId, channel, from);
        List<Columns> blocks = Blocks.from(c, meterId, channel, from);
        return blocks.isEmpty() ? hot : ColumnsMerge.merge(blocks, hot, from == null ? Long.MIN_VALUE : micros(from));
    }

    /**
     * The compacted block of a channel's UTC day holding {@code instant} (blocks are whole UTC days), decoded; empty
     * columns when that day is not compacted. For callers that must know what a block already holds under a key
     * (a block's value wins over a hot row's: {@link ColumnsMerge}).
     */
    public static Columns compactedDay(Connection c, int meterId, String channel, Instant instant) throws SQLException {
        Instant day = instant.truncatedTo(ChronoUnit.DAYS);
        Columns b = Blocks.of(c, meterId, channel, Timestamp.from(day));
        return b == null ? new Columns(new long[0], new long[0], 0) : b;
    }

    /** Epoch microseconds of an instant (PostgreSQL's precision; finer digits are dropped). */
    public static long micros(Instant i) {
        return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1_000);
    }

    /** The instant of epoch microseconds. */
    public static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    /** The hot rows only ({@code reading}), by binary COPY. */
    private static Columns readHot(Connection c, int meterId, String channel, Instant from) throws SQLException {
        String sql = "COPY (SELECT instant, value FROM reading WHERE meter_id = " + meterId + " AND channel = "
                + literal(channel) + (from == null ? "" : " AND instant >= '" + from + "'")
                + " ORDER BY instant) TO STDOUT (FORMAT binary)";
        CopyOut out = c.unwrap(PGConnection.class).getCopyAPI().copyOut(sql);
        Parser p = new Parser();
        byte[] msg;
        while ((msg = out.readFromCopy()) != null) {
            p.feed(msg);
        }
        return p.finish();
    }

    static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /**
     * Parses the binary COPY stream of (timestamptz, int8) tuples. The server sends one message per tuple (the header
     * with the first), but nothing here relies on it: bytes are buffered until a whole tuple is there.
     */
    static final class Parser {
        private byte[] buf = new byte[1 << 12];
        private int len;
        private int pos;
        private boolean header;
        private boolean done;
        private long[] micros = new long[1 << 12];
        private long[] values = new long[1 << 12];
        private int n;

        void feed(byte[] b) {
            if (len + b.length > buf.length) {
                // compact, then grow if still too small
                System.arraycopy(buf, pos, buf, 0, len - pos);
                len -= pos;
                pos = 0;
                if (len + b.length > buf.length) {
                    buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + b.length));
                }
            }
            System.arraycopy(b, 0, buf, len, b.length);
            len += b.length;
            parse();
        }

        private void parse() {
            if (!header) {
                if (len - pos < SIGNATURE.length + 8) {
                    return;
                }
                for (int i = 0; i < SIGNATURE.length; i++) {
                    if (buf[pos + i] != SIGNATURE[i]) {
                        throw new IllegalStateException("not a binary COPY stream");
                    }
                }
                int ext = int32(pos + SIGNATURE.length + 4);
                if (len - pos < SIGNATURE.length + 8 + ext) {
                    return;
                }
                pos += SIGNATURE.length + 8 + ext;
                header = true;
            }
            // a tuple: int16 field count 2, then (int32 length 8, int64) twice = 26 bytes; the trailer is int16 -1
            while (!done && len - pos >= 2) {
                short fields = (short) (((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff));
                if (fields == -1) {
                    done = true;
                    pos += 2;
                    return;
                }
                if (fields != 2) {
                    throw new IllegalStateException("expected 2 fields per row, got " + fields);
                }
                if (len - pos < 26) {
                    return;
                }
                if (int32(pos + 2) != 8 || int32(pos + 14) != 8) {
                    throw new IllegalStateException("expected two 8-byte fields");
                }
                if (n == micros.length) {
                    micros = Arrays.copyOf(micros, n * 2);
                    values = Arrays.copyOf(values, n * 2);
                }
                micros[n] = int64(pos + 6) + PG_EPOCH_US;
                values[n] = int64(pos + 18);
                n++;
                pos += 26;
            }
        }

        Columns finish() {
            if (!done) {
                throw new IllegalStateException("binary COPY stream ended without its trailer");
            }
            return new Columns(micros, values, n);
        }

        private int int32(int at) {
            return ((buf[at] & 0xff) << 24) | ((buf[at + 1] & 0xff) << 16) | ((buf[at + 2] & 0xff) << 8) | (buf[at + 3] & 0xff);
        }

        private long int64(int at) {
            return ((long) int32(at) << 32) | (int32(at + 4) & 0xffffffffL);
        }
    }
}
