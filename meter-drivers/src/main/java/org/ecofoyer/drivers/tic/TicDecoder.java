package org.ecofoyer.drivers.tic;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The TIC decoder: a resumable state machine over bytes. Feed it chunks of any size; it calls its listener with each
 * frame that ends with ETX. The same stream cut into different chunks gives the same frames. It never throws on bad
 * input: it drops what is wrong, counts it ({@link #counters()}) and keeps the good groups of a frame.
 *
 * <ul>
 *   <li>The 8th bit of every byte is masked (7-bit data read through 8-bit adapters).</li>
 *   <li>Mode: fixed, or detected per group from its separator (HT → standard, SP → historique), the frame taking the
 *       mode of its first valid group, so a meter switched from historique to standard keeps working.</li>
 *   <li>Checksum per mode; then the label's fixed length, character set and horodate (a checksum survives an even
 *       number of spaces added or removed). Unknown labels with a good checksum are kept and counted.</li>
 *   <li>EOT drops the interrupted frame; so do a new STX before ETX and {@link #endOfInput()}. Bytes outside
 *       STX…ETX are ignored and counted as noise.</li>
 *   <li>Bounded memory: a group longer than {@link #MAX_GROUP_CONTENT} or a frame longer than
 *       {@link #MAX_FRAME_CONTENT} is dropped and counted, never buffered further.</li>
 * </ul>
 *
 * Not thread-safe: one decoder per stream, fed by one thread.
 */
public final class TicDecoder {
    /** The longest group content the dictionaries allow (label through checksum). */
    public static final int MAX_GROUP_CONTENT = TicLabel.maxGroupContent();
    /** The longest frame content the dictionaries allow (every label once). */
    public static final int MAX_FRAME_CONTENT = TicLabel.maxFrameContent();

    private static final int STX = 0x02;
    private static final int ETX = 0x03;
    private static final int EOT = 0x04;
    private static final int HT = 0x09;
    private static final int LF = 0x0A;
    private static final int CR = 0x0D;
    private static final int SP = 0x20;

    private static final int OUTSIDE = 0;
    private static final int BETWEEN = 1;
    private static final int GROUP = 2;
    private static final int SKIP = 3;

    private static final int STRIDE = 6;
    private static final int MAX_GROUPS = MAX_FRAME_CONTENT / 3 + 1;
    /** A standard-mode frame's content is ~500-900 bytes in ~40-70 groups: most frames never grow the buffers. */
    private static final int INITIAL_CONTENT = Math.min(1024, MAX_FRAME_CONTENT);
    private static final int INITIAL_GROUPS = Math.min(96, MAX_GROUPS);
    /** Words of the per-frame bit set of labels seen; a constant, because a decoder is made per MQTT message. */
    private static final int LABEL_WORDS = (TicLabel.values().length + 63) / 64;

    private final TicMode fixedMode;
    private final TicListener listener;
    /**
     * Grown as a frame needs it, up to {@link #MAX_FRAME_CONTENT} and {@code MAX_GROUPS}: a decoder is made for each
     * MQTT message, and allocating the bounds at once (15 KB) was most of what ingest allocated per message.
     */
    private byte[] buf = new byte[INITIAL_CONTENT];
    private int[] meta = new int[INITIAL_GROUPS * STRIDE];
    private final long[] seenLabels = new long[LABEL_WORDS];

    private int state = OUTSIDE;
    private int len;
    private int groupStart;
    private int sum;
    private int htCount;
    private int ht1;
    private int ht2;
    private int firstSp;
    private boolean badByte;
    private int size;
    private int frameInvalid;
    private TicMode frameMode;
    private boolean frameSawHt;
    private TicMode lastMode;

    private long bytes;
    private long frames;
    private long groups;
    private long invalidGroups;
    private long badChecksum;
    private long badFormat;
    private long malformed;
    private long unknownLabels;
    private long interrupted;
    private long oversized;
    private long noiseBytes;

    private TicDecoder(TicMode fixedMode, TicListener listener) {
        this.fixedMode = fixedMode;
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** A decoder that detects the mode from the stream. */
    public static TicDecoder auto(TicListener listener) {
        return new TicDecoder(null, listener);
    }

    /** A decoder for one mode: groups of the other mode are malformed. */
    public static TicDecoder of(TicMode mode, TicListener listener) {
        return new TicDecoder(Objects.requireNonNull(mode, "mode"), listener);
    }

    /** A decoder for a setting: empty means auto (see {@link TicMode#parseSetting}). */
    public static TicDecoder of(Optional<TicMode> mode, TicListener listener) {
        return new TicDecoder(mode.orElse(null), listener);
    }

    /** Decodes a whole input at once (then {@link #endOfInput()}); convenient for files and gateway payloads. */
    public static List<TicFrame> decodeAll(Optional<TicMode> mode, byte[] input) {
        List<TicFrame> out = new ArrayList<>();
        TicDecoder d = of(mode, out::add);
        d.feed(input);
        d.endOfInput();
        return out;
    }

    /** The fixed mode, empty for auto. */
    public Optional<TicMode> fixedMode() {
        return Optional.ofNullable(fixedMode);
    }

    /** The mode of the last frame that had a valid group. */
    public Optional<TicMode> lastMode() {
        return Optional.ofNullable(lastMode);
    }

    public TicCounters counters() {
        return new TicCounters(bytes, frames, groups, invalidGroups, badChecksum, badFormat, malformed, unknownLabels,
                interrupted, oversized, noiseBytes);
    }

    public void feed(byte[] input) {
        feed(input, 0, input.length);
    }

    public void feed(ByteBuffer input) {
        if (input.hasArray()) {
            int n = input.remaining();
            feed(input.array(), input.arrayOffset() + input.position(), n);
            input.position(input.position() + n);
        } else {
            byte[] tmp = new byte[Math.min(input.remaining(), 8192)];
            while (input.hasRemaining()) {
                int n = Math.min(tmp.length, input.remaining());
                input.get(tmp, 0, n);
                feed(tmp, 0, n);
            }
        }
    }

    /** Feeds {@code input[off, off+n)}. */
    public void feed(byte[] input, int off, int n) {
        Objects.checkFromIndexSize(off, n, input.length);
        bytes += n;
        int i = off;
        final int end = off + n;
        while (i < end) {
            switch (state) {
                case OUTSIDE: {
                    int start = i;
                    while (i < end && (input[i] & 0x7F) != STX) {
                        i++;
                    }
                    noiseBytes += i - start;
                    if (i < end) {
                        i++;
                        startFrame();
                    }
                    break;
                }
                case BETWEEN: {
                    int b = input[i++] & 0x7F;
                    if (b == LF) {
                        startGroup();
                    } else {
                        frameControl(b);
                    }
                    break;
                }
                case GROUP: {
                    // Hot loop: copy, mask and sum label/data bytes until a separator, a control byte or the group limit.
                    final byte[] buf = this.buf; // room for the whole group: startGroup() made it
                    int l = len;
                    int s = sum;
                    int limit = Math.min(groupStart + MAX_GROUP_CONTENT, MAX_FRAME_CONTENT);
                    int b = 0;
                    boolean control = false;
                    while (true) {
                        int stop = end - i < limit - l ? end : i + (limit - l);
                        while (i < stop) {
                            b = input[i] & 0x7F;
                            if (b <= SP) {
                                break;
                            }
                            buf[l++] = (byte) b;
                            s += b;
                            i++;
                        }
                        if (i == end) {
                            break;
                        }
                        b = input[i] & 0x7F;
                        boolean isControl = b < SP && b != HT;
                        if (l == limit && !isControl) {
                            break; // one byte too many: the group is oversized
                        }
                        if (b == SP) {
                            if (firstSp < 0) {
                                firstSp = l;
                            }
                        } else if (b == HT) {
                            if (htCount == 0) {
                                ht1 = l;
                            } else if (htCount == 1) {
                                ht2 = l;
                            }
                            htCount++;
                        } else {
                            control = true;
                            i++;
                            break;
                        }
                        buf[l++] = (byte) b;
                        s += b;
                        i++;
                    }
                    len = l;
                    sum = s;
                    if (control) {
                        groupControl(b);
                        // Fast path for the usual CR LF between groups: start the next group without a trip through BETWEEN.
                        if (state == BETWEEN && i < end && (input[i] & 0x7F) == LF) {
                            i++;
                            startGroup();
                        }
                    } else if (l == limit && i < end) {
                        tooLong();
                    }
                    break;
                }
                default: { // SKIP: the rest of an oversized group
                    int b = input[i++] & 0x7F;
                    if (b == CR) {
                        state = BETWEEN;
                    } else if (b == LF) {
                        startGroup();
                    } else if (b < SP && b != HT) {
                        frameControl(b);
                    }
                    break;
                }
            }
        }
    }

    /** The input ended: a frame in progress is dropped and counted as interrupted. */
    public void endOfInput() {
        if (state != OUTSIDE) {
            dropFrame(TicListener.Drop.INTERRUPTED_FRAME, "frame cut off by the end of input");
        }
    }

    /** Forgets the frame in progress (e.g. after a reconnection) without counting it. */
    public void reset() {
        state = OUTSIDE;
    }

    // ------------------------------------------------------------------------------------------ frame level

    private void startFrame() {
        state = BETWEEN;
        len = 0;
        size = 0;
        frameInvalid = 0;
        frameMode = null;
        frameSawHt = false;
    }

    /** A control byte between groups (or ending a skipped group). */
    private void frameControl(int b) {
        switch (b) {
            case ETX:
                endFrame();
                break;
            case STX:
                dropFrame(TicListener.Drop.INTERRUPTED_FRAME, "frame cut off by a new STX");
                startFrame();
                break;
            case EOT:
                dropFrame(TicListener.Drop.INTERRUPTED_FRAME, "frame interrupted by EOT");
                break;
            default:
                noiseBytes++;
        }
    }

    private void endFrame() {
        int twice = repeatedLabel();
        if (twice >= 0) {
            // A frame never holds a label twice: this is two frames run together (an ETX and an STX lost between
            // them). Which groups belong to which cannot be told, so neither passes as a frame.
            dropFrame(TicListener.Drop.INTERRUPTED_FRAME, "label " + new String(buf, meta[twice * STRIDE], meta[twice * STRIDE + 1],
                    java.nio.charset.StandardCharsets.US_ASCII) + " twice: two frames run together (a lost end of frame)");
            return;
        }
        TicMode mode = frameMode != null ? frameMode : fixedMode != null ? fixedMode : lastMode != null ? lastMode
                : frameSawHt ? TicMode.STANDARD : TicMode.HISTORIQUE;
        if (frameMode != null) {
            lastMode = frameMode;
        }
        frames++;
        state = OUTSIDE;
        TicFrame f = TicFrame.wrap(mode, Arrays.copyOf(buf, len), Arrays.copyOf(meta, size * STRIDE), size, frameInvalid);
        listener.onFrame(f);
    }

    /**
     * The index of a group whose label an earlier group of the frame has too, or -1: known labels by their ordinal in a
     * bit set (one pass, on every frame), unknown ones by their bytes against the other unknown ones (rare).
     */
    private int repeatedLabel() {
        Arrays.fill(seenLabels, 0L);
        for (int j = 0; j < size; j++) {
            int mj = j * STRIDE;
            int ord = meta[mj + 5];
            if (ord >= 0) {
                long bit = 1L << (ord & 63);
                if ((seenLabels[ord >>> 6] & bit) != 0) {
                    return j;
                }
                seenLabels[ord >>> 6] |= bit;
                continue;
            }
            for (int i = 0; i < j; i++) {
                int mi = i * STRIDE;
                if (meta[mi + 5] < 0 && Arrays.equals(buf, meta[mi], meta[mi] + meta[mi + 1], buf, meta[mj], meta[mj] + meta[mj + 1])) {
                    return j;
                }
            }
        }
        return -1;
    }

    private void dropFrame(TicListener.Drop reason, String context) {
        if (reason == TicListener.Drop.OVERSIZED_FRAME) {
            oversized++;
        } else {
            interrupted++;
        }
        state = OUTSIDE;
        listener.onDrop(reason, context);
    }

    // ------------------------------------------------------------------------------------------ group level

    private void startGroup() {
        state = GROUP;
        groupStart = len;
        int room = Math.min(len + MAX_GROUP_CONTENT, MAX_FRAME_CONTENT);
        if (room > buf.length) {
            buf = Arrays.copyOf(buf, Math.min(Math.max(buf.length * 2, room), MAX_FRAME_CONTENT));
        }
        if ((size + 1) * STRIDE > meta.length && size < MAX_GROUPS) {
            meta = Arrays.copyOf(meta, Math.min(meta.length * 2, MAX_GROUPS * STRIDE));
        }
        sum = 0;
        htCount = 0;
        firstSp = -1;
        badByte = false;
    }

    /** A control byte inside a group. */
    private void groupControl(int b) {
        switch (b) {
            case CR:
                endGroup();
                state = BETWEEN;
                break;
            case LF: // the previous group never got its CR
                dropGroup(TicListener.Drop.MALFORMED);
                startGroup();
                break;
            case ETX:
            case STX:
            case EOT:
                dropGroup(TicListener.Drop.MALFORMED);
                frameControl(b);
                break;
            default: // another control character inside a group: keep reading to its end, then drop it
                badByte = true;
                if (len < Math.min(groupStart + MAX_GROUP_CONTENT, MAX_FRAME_CONTENT)) {
                    buf[len++] = (byte) b;
                    sum += b;
                } else {
                    tooLong();
                }
        }
    }

    private void tooLong() {
        if (len >= MAX_FRAME_CONTENT) {
            len = groupStart;
            dropFrame(TicListener.Drop.OVERSIZED_FRAME, "frame longer than " + MAX_FRAME_CONTENT + " bytes");
        } else {
            oversized++;
            invalidGroups++;
            frameInvalid++;
            listener.onDrop(TicListener.Drop.OVERSIZED_GROUP, text(groupStart, Math.min(len - groupStart, 40)) + "...");
            len = groupStart;
            state = SKIP;
        }
    }

    private void endGroup() {
        final byte[] b = buf;
        int gs = groupStart;
        int n = len - gs;
        TicMode gm = htCount > 0 ? TicMode.STANDARD : TicMode.HISTORIQUE;
        if (htCount > 0) {
            frameSawHt = true;
        }
        if (badByte || n < (gm == TicMode.STANDARD ? 4 : 5) || (fixedMode != null && gm != fixedMode)
                || (frameMode != null && gm != frameMode) || b[len - 2] != gm.separator()) {
            dropGroup(TicListener.Drop.MALFORMED);
            return;
        }
        if (gm == TicMode.STANDARD && htCount != 2 && htCount != 3) {
            dropGroup(TicListener.Drop.MALFORMED);
            return;
        }
        int cks = b[len - 1];
        int s = sum - cks - (gm == TicMode.HISTORIQUE ? SP : 0);
        if (((s & 0x3F) + 0x20) != cks) {
            dropGroup(TicListener.Drop.BAD_CHECKSUM);
            return;
        }
        int ll;
        int ho = -1;
        int hl = 0;
        int dOff;
        int dataEnd = len - 2;
        if (gm == TicMode.STANDARD) {
            ll = ht1 - gs;
            if (htCount == 2) {
                dOff = ht1 + 1;
            } else {
                ho = ht1 + 1;
                hl = ht2 - ho;
                dOff = ht2 + 1;
            }
        } else {
            if (firstSp >= dataEnd) {
                dropGroup(TicListener.Drop.MALFORMED);
                return;
            }
            ll = firstSp - gs;
            dOff = firstSp + 1;
        }
        int ord = GroupCheck.check(gm, b, gs, ll, ho, hl, dOff, dataEnd - dOff, true);
        if (ord == GroupCheck.INVALID) {
            dropGroup(TicListener.Drop.BAD_FORMAT);
            return;
        }
        if (ord == GroupCheck.UNKNOWN) {
            unknownLabels++;
        }
        if (frameMode == null) {
            frameMode = gm;
        }
        int m = size * STRIDE;
        int[] mt = meta;
        mt[m] = gs;
        mt[m + 1] = ll;
        mt[m + 2] = ho;
        mt[m + 3] = dOff;
        mt[m + 4] = dataEnd - dOff;
        mt[m + 5] = ord;
        size++;
        groups++;
    }

    private void dropGroup(TicListener.Drop reason) {
        switch (reason) {
            case BAD_CHECKSUM:
                badChecksum++;
                break;
            case BAD_FORMAT:
                badFormat++;
                break;
            default:
                malformed++;
        }
        invalidGroups++;
        frameInvalid++;
        listener.onDrop(reason, text(groupStart, len - groupStart));
        len = groupStart;
    }

    /** The bytes of a dropped group, control characters escaped, for logs. */
    private String text(int off, int n) {
        StringBuilder sb = new StringBuilder(n + 8);
        for (int i = off; i < off + n; i++) {
            int c = buf[i];
            if (c == HT) {
                sb.append("\\t");
            } else if (c < SP || c == 0x7F) {
                sb.append(String.format("\\x%02x", c));
            } else {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }
}
