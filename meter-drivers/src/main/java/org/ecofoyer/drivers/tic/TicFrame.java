package org.ecofoyer.drivers.tic;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.ecofoyer.core.Channels;
import org.ecofoyer.core.TempoColour;
import org.ecofoyer.drivers.Reading;

/**
 * One TIC frame, whatever the meter, tariff or source: its valid groups (label → data, in transmission order, with
 * their horodates) and typed accessors over them. Immutable and thread-safe once built.
 *
 * <p>Frames from the serial decoder are complete (every group the meter sent that passed the checks). Frames built
 * from gateway payloads may be {@link #partial()} ("changed only" messages): accessors then return what is there,
 * and totals that need every register of the option are absent.
 *
 * <p>Values are decoded lazily from one byte array, so decoding a frame costs one copy, not one string per group.
 *
 * <p>How the labels project onto the core model's channels and tariff periods (registers, the option's total, the
 * readings a frame carries) is {@link TicReadings}'s; the accessors here that answer those questions hand over to it.
 */
public final class TicFrame {
    // meta per group: label offset, label length, horodate offset (-1 none), data offset, data length, label ordinal (-1)
    private static final int STRIDE = 6;
    private static final TicLabel[] LABELS = TicLabel.values();

    private final TicMode mode;
    private final byte[] bytes;
    private final int[] meta;
    private final int size;
    private final int invalidGroups;
    private final boolean partial;
    private volatile short[] byLabel;

    TicFrame(TicMode mode, byte[] bytes, int[] meta, int size, int invalidGroups, boolean partial) {
        this.mode = mode;
        this.bytes = bytes;
        this.meta = meta;
        this.size = size;
        this.invalidGroups = invalidGroups;
        this.partial = partial;
    }

    public TicMode mode() {
        return mode;
    }

    /** Number of groups of this frame that were dropped (bad checksum, length, charset or structure). */
    public int invalidGroups() {
        return invalidGroups;
    }

    /** Whether the frame holds only some of the meter's groups (gateway "changed only" messages, single values). */
    public boolean partial() {
        return partial;
    }

    /** Number of valid groups. */
    public int size() {
        return size;
    }

    /** The label of group {@code i} as transmitted. */
    public String label(int i) {
        int m = check(i) * STRIDE;
        return ascii(meta[m], meta[m + 1]);
    }

    /** The data of group {@code i} exactly as transmitted (empty for DATE). */
    public String data(int i) {
        int m = check(i) * STRIDE;
        return ascii(meta[m + 3], meta[m + 4]);
    }

    /** The horodate of group {@code i}, if it carries one. */
    public Optional<TicHorodate> horodate(int i) {
        int m = check(i) * STRIDE;
        return meta[m + 2] < 0 ? Optional.empty() : Optional.ofNullable(TicHorodate.parse(bytes, meta[m + 2]));
    }

    /** The dictionary entry of group {@code i}; empty for a label the dictionary does not know (kept as is). */
    public Optional<TicLabel> knownLabel(int i) {
        int ord = meta[check(i) * STRIDE + 5];
        return ord < 0 ? Optional.empty() : Optional.of(LABELS[ord]);
    }

    /** label → data, in transmission order (DATE and other data-less groups map to {@code ""}). */
    public Map<String, String> groups() {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            m.put(label(i), data(i));
        }
        return Collections.unmodifiableMap(m);
    }

    /** label → horodate, for the groups that carry one. */
    public Map<String, TicHorodate> horodates() {
        Map<String, TicHorodate> m = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            if (meta[i * STRIDE + 2] >= 0) {
                int idx = i;
                horodate(i).ifPresent(h -> m.put(label(idx), h));
            }
        }
        return Collections.unmodifiableMap(m);
    }

    /** The dictionary entry of group {@code i}, or null for an unknown label (no {@link Optional} per group). */
    TicLabel labelAt(int i) {
        int ord = meta[i * STRIDE + 5];
        return ord < 0 ? null : LABELS[ord];
    }

    /** Labels the dictionary of this frame's mode does not know, in order. */
    public List<String> unknownLabels() {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            if (meta[i * STRIDE + 5] < 0) {
                l.add(label(i));
            }
        }
        return l;
    }

    /** The data of {@code label}, if the frame has it. */
    public Optional<String> get(TicLabel label) {
        int i = indexOf(label);
        return i < 0 ? Optional.empty() : Optional.of(data(i));
    }

    /** The data of the label spelt {@code label} (known or not). */
    public Optional<String> get(String label) {
        Optional<TicLabel> known = TicLabel.of(mode, label);
        if (known.isPresent()) {
            return get(known.get());
        }
        for (int i = 0; i < size; i++) {
            if (label(i).equals(label)) {
                return Optional.of(data(i));
            }
        }
        return Optional.empty();
    }

    public boolean has(TicLabel label) {
        return indexOf(label) >= 0;
    }

    /** The horodate of {@code label}, if the frame has the group and it carries one. */
    public Optional<TicHorodate> horodate(TicLabel label) {
        int i = indexOf(label);
        return i < 0 ? Optional.empty() : horodate(i);
    }

    /** The numeric value of {@code label} (digits only, leading zeros allowed). */
    public OptionalLong number(TicLabel label) {
        int i = indexOf(label);
        if (i < 0) {
            return OptionalLong.empty();
        }
        int m = i * STRIDE;
        int off = meta[m + 3];
        int len = meta[m + 4];
        if (len == 0 || len > 18) {
            return OptionalLong.empty();
        }
        long v = 0;
        for (int k = off; k < off + len; k++) {
            int d = bytes[k] - '0';
            if (d < 0 || d > 9) {
                return OptionalLong.empty();
            }
            v = v * 10 + d;
        }
        return OptionalLong.of(v);
    }

    // ---------------------------------------------------------------- typed accessors

    /** The meter's serial number: ADCO (historique) or ADSC (standard). */
    public Optional<String> meterId() {
        return get(mode == TicMode.HISTORIQUE ? TicLabel.ADCO : TicLabel.ADSC);
    }

    /** The PRM (delivery point) number, standard mode only. */
    public Optional<String> prm() {
        return get(TicLabel.PRM);
    }

    /** The tariff option: OPTARIF as sent ({@code BASE}, {@code HC..}, {@code EJP.}, {@code BBR(}), or NGTF trimmed. */
    public Optional<String> tariffOption() {
        return mode == TicMode.HISTORIQUE ? get(TicLabel.OPTARIF) : get(TicLabel.NGTF).map(String::strip);
    }

    /** What the frame says about the meter itself: subscription and daily maxima ({@link TicFacts}). */
    public TicFacts facts() {
        return TicFacts.of(this);
    }

    /** The current tariff period: PTEC as sent ({@code HP..}, {@code HCJB}...), or LTARF trimmed. */
    public Optional<String> currentPeriod() {
        return mode == TicMode.HISTORIQUE ? get(TicLabel.PTEC) : get(TicLabel.LTARF).map(String::strip);
    }

    /**
     * The canonical index channel energy goes to now: from PTEC in historique ({@code TH..} → {@code index.BASE},
     * {@code HC..} → {@code index.HC}, {@code HPJR} → {@code index.TEMPO_RED_HP}...), from NTARF in standard
     * ({@code 02} → {@code index.SUPPLIER_02}); see {@link TicReadings}.
     */
    public Optional<String> currentRegister() {
        return TicReadings.currentRegister(this);
    }

    /** Every index register present, canonical channel → Wh (EAST as {@code index.total}, EAIT as {@code index.injected}). */
    public Map<String, Long> indexes() {
        return TicReadings.indexes(this);
    }

    /**
     * Total consumed energy in Wh: EAST in standard; in historique the sum of the registers of the option (OPTARIF
     * tells which), present only when every one of them is in the frame.
     */
    public OptionalLong totalIndex() {
        return TicReadings.totalIndex(this);
    }

    /** Injected energy in Wh (EAIT, producers). */
    public OptionalLong injectedIndex() {
        return number(TicLabel.EAIT);
    }

    /** Apparent power drawn, VA: PAPP or SINSTS. */
    public OptionalLong apparentPower() {
        return number(mode == TicMode.HISTORIQUE ? TicLabel.PAPP : TicLabel.SINSTS);
    }

    /** Apparent power drawn on phase 1..3, VA (SINSTS1-3, three-phase standard). */
    public OptionalLong apparentPower(int phase) {
        return number(pick(phase, TicLabel.SINSTS1, TicLabel.SINSTS2, TicLabel.SINSTS3));
    }

    /** Apparent power injected, VA (SINSTI). */
    public OptionalLong injectedPower() {
        return number(TicLabel.SINSTI);
    }

    /** Current on phase 1..3, A: IINST (single-phase, phase 1), IINST1-3, IRMS1-3. */
    public OptionalInt current(int phase) {
        TicLabel l = mode == TicMode.STANDARD ? pick(phase, TicLabel.IRMS1, TicLabel.IRMS2, TicLabel.IRMS3)
                : pick(phase, TicLabel.IINST1, TicLabel.IINST2, TicLabel.IINST3);
        OptionalLong v = number(l);
        if (v.isEmpty() && phase == 1 && mode == TicMode.HISTORIQUE) {
            v = number(TicLabel.IINST);
        }
        return v.isPresent() ? OptionalInt.of((int) v.getAsLong()) : OptionalInt.empty();
    }

    /** RMS voltage on phase 1..3, V (URMS1-3, standard). */
    public OptionalInt voltage(int phase) {
        OptionalLong v = number(pick(phase, TicLabel.URMS1, TicLabel.URMS2, TicLabel.URMS3));
        return v.isPresent() ? OptionalInt.of((int) v.getAsLong()) : OptionalInt.empty();
    }

    /** 3 when the frame carries phase 2 or 3 data, else 1. */
    public int phases() {
        return has(TicLabel.IINST2) || has(TicLabel.IINST3) || has(TicLabel.IRMS2) || has(TicLabel.IRMS3)
                || has(TicLabel.URMS2) || has(TicLabel.URMS3) || has(TicLabel.SINSTS2) ? 3 : 1;
    }

    /** The STGE status register, decoded (standard mode). */
    public Optional<TicStatus> status() {
        return get(TicLabel.STGE).flatMap(TicStatus::parse);
    }

    /** Today's Tempo colour: STGE bits 24-25, or the historique Tempo period (HPJB/HCJW...). */
    public Optional<TempoColour> tempoToday() {
        if (mode == TicMode.STANDARD) {
            return status().flatMap(TicStatus::tempoToday);
        }
        return get(TicLabel.PTEC).filter(p -> p.length() == 4 && p.charAt(2) == 'J' && p.charAt(0) == 'H')
                .flatMap(p -> TicTempo.ofPeriodLetter(p.charAt(3)));
    }

    /** Tomorrow's Tempo colour, once announced: STGE bits 26-27, or DEMAIN. */
    public Optional<TempoColour> tempoTomorrow() {
        if (mode == TicMode.STANDARD) {
            return status().flatMap(TicStatus::tempoTomorrow);
        }
        return get(TicLabel.DEMAIN).flatMap(TicTempo::ofDemain);
    }

    /** PJOURF+1: the supplier calendar's profile for tomorrow. */
    public Optional<TicDayProfile> nextDayProfile() {
        return get(TicLabel.PJOURF_PLUS_1).flatMap(TicDayProfile::parse);
    }

    /** PPOINTE: the profile of the next peak day. */
    public Optional<TicDayProfile> nextPeakDayProfile() {
        return get(TicLabel.PPOINTE).flatMap(TicDayProfile::parse);
    }

    /** The meter's clock (DATE horodate), standard mode. */
    public Optional<TicHorodate> meterTime() {
        return horodate(TicLabel.DATE);
    }

    /** The frame's instant from DATE, when the frame has one with a season letter. */
    public Optional<Instant> instant() {
        return meterTime().flatMap(TicHorodate::instant);
    }

    /**
     * The readings this frame carries, stamped {@code at}, under the canonical {@link Channels} names: see
     * {@link TicReadings#of}.
     */
    public List<Reading> readings(String meter, Instant at) {
        return TicReadings.of(this, meter, at);
    }

    @Override
    public String toString() {
        return "TicFrame[" + mode.wireName() + (partial ? ", partial" : "") + ", " + groups() + ", invalid=" + invalidGroups + "]";
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TicFrame)) {
            return false;
        }
        TicFrame f = (TicFrame) o;
        return mode == f.mode && partial == f.partial && invalidGroups == f.invalidGroups && groups().equals(f.groups())
                && horodates().equals(f.horodates());
    }

    @Override
    public int hashCode() {
        return groups().hashCode() * 31 + mode.hashCode();
    }

    // ---------------------------------------------------------------- internals

    private int check(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("group " + i + " of " + size);
        }
        return i;
    }

    private String ascii(int off, int len) {
        return new String(bytes, off, len, StandardCharsets.ISO_8859_1);
    }

    private static TicLabel pick(int phase, TicLabel p1, TicLabel p2, TicLabel p3) {
        switch (phase) {
            case 1:
                return p1;
            case 2:
                return p2;
            case 3:
                return p3;
            default:
                throw new IllegalArgumentException("phase: 1, 2 or 3, got " + phase);
        }
    }

    private int indexOf(TicLabel label) {
        if (label.mode() != mode) {
            return -1;
        }
        short[] idx = byLabel;
        if (idx == null) {
            idx = new short[LABELS.length];
            Arrays.fill(idx, (short) -1);
            for (int i = size - 1; i >= 0; i--) {
                int ord = meta[i * STRIDE + 5];
                if (ord >= 0) {
                    idx[ord] = (short) i;
                }
            }
            byLabel = idx;
        }
        return idx[label.ordinal()];
    }

    /** Starts a frame from groups given one by one, e.g. from a gateway payload or the meter simulator. */
    public static Builder builder(TicMode mode) {
        return new Builder(mode);
    }

    /**
     * Builds a frame group by group, checking each one like the decoder does (charset, horodate, and, when
     * {@link #strictLengths}, the fixed length). A group that fails is counted as invalid and left out.
     */
    public static final class Builder {
        private final TicMode mode;
        private byte[] bytes = new byte[256];
        private int len;
        private int[] meta = new int[STRIDE * 16];
        private int size;
        private int invalid;
        private boolean partial;
        private boolean strictLengths = true;

        private Builder(TicMode mode) {
            this.mode = mode;
        }

        /** Mark the frame as holding only some of the meter's groups. */
        public Builder partial(boolean p) {
            this.partial = p;
            return this;
        }

        /**
         * Whether known labels must have their exact length (true by default). Gateways that strip leading zeros
         * ("IINST":"4") need {@code false}; numbers are still checked digit by digit.
         */
        public Builder strictLengths(boolean strict) {
            this.strictLengths = strict;
            return this;
        }

        /** Adds a group without horodate; returns whether it was valid. */
        public boolean add(String label, String data) {
            return add(label, null, data);
        }

        /** Adds a group; {@code horodate} is {@code SAAMMJJhhmmss} or null. Returns whether it was valid. */
        public boolean add(String label, String horodate, String data) {
            byte[] l = label.getBytes(StandardCharsets.ISO_8859_1);
            byte[] h = horodate == null ? null : horodate.getBytes(StandardCharsets.ISO_8859_1);
            byte[] d = data.getBytes(StandardCharsets.ISO_8859_1);
            int need = l.length + (h == null ? 0 : h.length) + d.length;
            if (len + need > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, len + need));
            }
            int lo = len;
            System.arraycopy(l, 0, bytes, len, l.length);
            len += l.length;
            int ho = -1;
            if (h != null) {
                ho = len;
                System.arraycopy(h, 0, bytes, len, h.length);
                len += h.length;
            }
            int dOff = len;
            System.arraycopy(d, 0, bytes, len, d.length);
            len += d.length;
            int ord = GroupCheck.check(mode, bytes, lo, l.length, ho, h == null ? 0 : h.length, dOff, d.length, strictLengths);
            if (ord == GroupCheck.INVALID) {
                len = lo;
                invalid++;
                return false;
            }
            append(lo, l.length, ho, dOff, d.length, ord);
            return true;
        }

        void append(int lo, int ll, int ho, int dOff, int dLen, int ord) {
            if ((size + 1) * STRIDE > meta.length) {
                meta = Arrays.copyOf(meta, meta.length * 2);
            }
            int m = size * STRIDE;
            meta[m] = lo;
            meta[m + 1] = ll;
            meta[m + 2] = ho;
            meta[m + 3] = dOff;
            meta[m + 4] = dLen;
            meta[m + 5] = ord;
            size++;
        }

        /** Counts a group that was dropped before reaching the builder. */
        public Builder countInvalid(int n) {
            invalid += n;
            return this;
        }

        public int size() {
            return size;
        }

        public TicFrame build() {
            return new TicFrame(mode, Arrays.copyOf(bytes, len), Arrays.copyOf(meta, size * STRIDE), size, invalid, partial);
        }
    }

    /** Used by the decoder: wraps its buffers without copying them again. */
    static TicFrame wrap(TicMode mode, byte[] bytes, int[] meta, int size, int invalid) {
        return new TicFrame(mode, bytes, meta, size, invalid, false);
    }
}
