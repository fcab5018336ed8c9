package org.ecofoyer.drivers.tic;

import static org.ecofoyer.drivers.tic.TicLabel.Charset.DIGITS;
import static org.ecofoyer.drivers.tic.TicLabel.Charset.HEX;
import static org.ecofoyer.drivers.tic.TicLabel.Charset.TEXT;
import static org.ecofoyer.drivers.tic.TicMode.HISTORIQUE;
import static org.ecofoyer.drivers.tic.TicMode.STANDARD;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.ecofoyer.core.Channels;

/**
 * The label dictionaries of both TIC modes (Enedis-NOI-CPT_54E §6.1 single- and three-phase, long and short
 * frames; §6.2.2 standard, consumer and producer), each with its data length, unit, character set, whether it
 * carries a horodate, and the canonical {@link Channels} name of its value when it has one.
 */
public enum TicLabel {
    // --- historique (§6.1.1, §6.1.2) ---
    ADCO(HISTORIQUE, "ADCO", 12, "", DIGITS),
    OPTARIF(HISTORIQUE, "OPTARIF", 4, "", TEXT),
    ISOUSC(HISTORIQUE, "ISOUSC", 2, "A", DIGITS),
    BASE(HISTORIQUE, "BASE", 9, "Wh", DIGITS, Channels.index("BASE")),
    HCHC(HISTORIQUE, "HCHC", 9, "Wh", DIGITS, Channels.index("HC")),
    HCHP(HISTORIQUE, "HCHP", 9, "Wh", DIGITS, Channels.index("HP")),
    EJPHN(HISTORIQUE, "EJPHN", 9, "Wh", DIGITS, Channels.index("EJP_HN")),
    EJPHPM(HISTORIQUE, "EJPHPM", 9, "Wh", DIGITS, Channels.index("EJP_HPM")),
    BBRHCJB(HISTORIQUE, "BBRHCJB", 9, "Wh", DIGITS, Channels.index("TEMPO_BLUE_HC")),
    BBRHPJB(HISTORIQUE, "BBRHPJB", 9, "Wh", DIGITS, Channels.index("TEMPO_BLUE_HP")),
    BBRHCJW(HISTORIQUE, "BBRHCJW", 9, "Wh", DIGITS, Channels.index("TEMPO_WHITE_HC")),
    BBRHPJW(HISTORIQUE, "BBRHPJW", 9, "Wh", DIGITS, Channels.index("TEMPO_WHITE_HP")),
    BBRHCJR(HISTORIQUE, "BBRHCJR", 9, "Wh", DIGITS, Channels.index("TEMPO_RED_HC")),
    BBRHPJR(HISTORIQUE, "BBRHPJR", 9, "Wh", DIGITS, Channels.index("TEMPO_RED_HP")),
    PEJP(HISTORIQUE, "PEJP", 2, "min", DIGITS),
    PTEC(HISTORIQUE, "PTEC", 4, "", TEXT),
    DEMAIN(HISTORIQUE, "DEMAIN", 4, "", TEXT),
    IINST(HISTORIQUE, "IINST", 3, "A", DIGITS, Channels.phase("current", 1)),
    IINST1(HISTORIQUE, "IINST1", 3, "A", DIGITS, Channels.phase("current", 1)),
    IINST2(HISTORIQUE, "IINST2", 3, "A", DIGITS, Channels.phase("current", 2)),
    IINST3(HISTORIQUE, "IINST3", 3, "A", DIGITS, Channels.phase("current", 3)),
    ADPS(HISTORIQUE, "ADPS", 3, "A", DIGITS),
    ADIR1(HISTORIQUE, "ADIR1", 3, "A", DIGITS),
    ADIR2(HISTORIQUE, "ADIR2", 3, "A", DIGITS),
    ADIR3(HISTORIQUE, "ADIR3", 3, "A", DIGITS),
    IMAX(HISTORIQUE, "IMAX", 3, "A", DIGITS),
    IMAX1(HISTORIQUE, "IMAX1", 3, "A", DIGITS),
    IMAX2(HISTORIQUE, "IMAX2", 3, "A", DIGITS),
    IMAX3(HISTORIQUE, "IMAX3", 3, "A", DIGITS),
    PMAX(HISTORIQUE, "PMAX", 5, "W", DIGITS),
    PAPP(HISTORIQUE, "PAPP", 5, "VA", DIGITS, Channels.POWER_APPARENT),
    HHPHC(HISTORIQUE, "HHPHC", 1, "", TEXT),
    MOTDETAT(HISTORIQUE, "MOTDETAT", 6, "", TEXT),
    PPOT(HISTORIQUE, "PPOT", 2, "", HEX),

    // --- standard (§6.2.2) ---
    ADSC(STANDARD, "ADSC", 12, "", DIGITS),
    VTIC(STANDARD, "VTIC", 2, "", DIGITS),
    DATE(STANDARD, "DATE", 0, "", TEXT, null, true),
    NGTF(STANDARD, "NGTF", 16, "", TEXT),
    LTARF(STANDARD, "LTARF", 16, "", TEXT),
    EAST(STANDARD, "EAST", 9, "Wh", DIGITS, Channels.INDEX_TOTAL),
    EASF01(STANDARD, "EASF01", 9, "Wh", DIGITS, Channels.index("SUPPLIER_01")),
    EASF02(STANDARD, "EASF02", 9, "Wh", DIGITS, Channels.index("SUPPLIER_02")),
    EASF03(STANDARD, "EASF03", 9, "Wh", DIGITS, Channels.index("SUPPLIER_03")),
    EASF04(STANDARD, "EASF04", 9, "Wh", DIGITS, Channels.index("SUPPLIER_04")),
    EASF05(STANDARD, "EASF05", 9, "Wh", DIGITS, Channels.index("SUPPLIER_05")),
    EASF06(STANDARD, "EASF06", 9, "Wh", DIGITS, Channels.index("SUPPLIER_06")),
    EASF07(STANDARD, "EASF07", 9, "Wh", DIGITS, Channels.index("SUPPLIER_07")),
    EASF08(STANDARD, "EASF08", 9, "Wh", DIGITS, Channels.index("SUPPLIER_08")),
    EASF09(STANDARD, "EASF09", 9, "Wh", DIGITS, Channels.index("SUPPLIER_09")),
    EASF10(STANDARD, "EASF10", 9, "Wh", DIGITS, Channels.index("SUPPLIER_10")),
    EASD01(STANDARD, "EASD01", 9, "Wh", DIGITS, Channels.index("DISTRIBUTOR_01")),
    EASD02(STANDARD, "EASD02", 9, "Wh", DIGITS, Channels.index("DISTRIBUTOR_02")),
    EASD03(STANDARD, "EASD03", 9, "Wh", DIGITS, Channels.index("DISTRIBUTOR_03")),
    EASD04(STANDARD, "EASD04", 9, "Wh", DIGITS, Channels.index("DISTRIBUTOR_04")),
    EAIT(STANDARD, "EAIT", 9, "Wh", DIGITS, Channels.INDEX_INJECTED),
    ERQ1(STANDARD, "ERQ1", 9, "VArh", DIGITS),
    ERQ2(STANDARD, "ERQ2", 9, "VArh", DIGITS),
    ERQ3(STANDARD, "ERQ3", 9, "VArh", DIGITS),
    ERQ4(STANDARD, "ERQ4", 9, "VArh", DIGITS),
    IRMS1(STANDARD, "IRMS1", 3, "A", DIGITS, Channels.phase("current", 1)),
    IRMS2(STANDARD, "IRMS2", 3, "A", DIGITS, Channels.phase("current", 2)),
    IRMS3(STANDARD, "IRMS3", 3, "A", DIGITS, Channels.phase("current", 3)),
    URMS1(STANDARD, "URMS1", 3, "V", DIGITS, Channels.phase("voltage", 1)),
    URMS2(STANDARD, "URMS2", 3, "V", DIGITS, Channels.phase("voltage", 2)),
    URMS3(STANDARD, "URMS3", 3, "V", DIGITS, Channels.phase("voltage", 3)),
    PREF(STANDARD, "PREF", 2, "kVA", DIGITS),
    PCOUP(STANDARD, "PCOUP", 2, "kVA", DIGITS),
    SINSTS(STANDARD, "SINSTS", 5, "VA", DIGITS, Channels.POWER_APPARENT),
    SINSTS1(STANDARD, "SINSTS1", 5, "VA", DIGITS, Channels.phase(Channels.POWER_APPARENT, 1)),
    SINSTS2(STANDARD, "SINSTS2", 5, "VA", DIGITS, Channels.phase(Channels.POWER_APPARENT, 2)),
    SINSTS3(STANDARD, "SINSTS3", 5, "VA", DIGITS, Channels.phase(Channels.POWER_APPARENT, 3)),
    SMAXSN(STANDARD, "SMAXSN", 5, "VA", DIGITS, null, true),
    SMAXSN1(STANDARD, "SMAXSN1", 5, "VA", DIGITS, null, true),
    SMAXSN2(STANDARD, "SMAXSN2", 5, "VA", DIGITS, null, true),
    SMAXSN3(STANDARD, "SMAXSN3", 5, "VA", DIGITS, null, true),
    SMAXSN_1(STANDARD, "SMAXSN-1", 5, "VA", DIGITS, null, true),
    SMAXSN1_1(STANDARD, "SMAXSN1-1", 5, "VA", DIGITS, null, true),
    SMAXSN2_1(STANDARD, "SMAXSN2-1", 5, "VA", DIGITS, null, true),
    SMAXSN3_1(STANDARD, "SMAXSN3-1", 5, "VA", DIGITS, null, true),
    SINSTI(STANDARD, "SINSTI", 5, "VA", DIGITS, Channels.POWER_INJECTED),
    SMAXIN(STANDARD, "SMAXIN", 5, "VA", DIGITS, null, true),
    SMAXIN_1(STANDARD, "SMAXIN-1", 5, "VA", DIGITS, null, true),
    CCASN(STANDARD, "CCASN", 5, "W", DIGITS, null, true),
    CCASN_1(STANDARD, "CCASN-1", 5, "W", DIGITS, null, true),
    CCAIN(STANDARD, "CCAIN", 5, "W", DIGITS, null, true),
    CCAIN_1(STANDARD, "CCAIN-1", 5, "W", DIGITS, null, true),
    UMOY1(STANDARD, "UMOY1", 3, "V", DIGITS, null, true),
    UMOY2(STANDARD, "UMOY2", 3, "V", DIGITS, null, true),
    UMOY3(STANDARD, "UMOY3", 3, "V", DIGITS, null, true),
    STGE(STANDARD, "STGE", 8, "", HEX),
    DPM1(STANDARD, "DPM1", 2, "", DIGITS, null, true),
    FPM1(STANDARD, "FPM1", 2, "", DIGITS, null, true),
    DPM2(STANDARD, "DPM2", 2, "", DIGITS, null, true),
    FPM2(STANDARD, "FPM2", 2, "", DIGITS, null, true),
    DPM3(STANDARD, "DPM3", 2, "", DIGITS, null, true),
    FPM3(STANDARD, "FPM3", 2, "", DIGITS, null, true),
    MSG1(STANDARD, "MSG1", 32, "", TEXT),
    MSG2(STANDARD, "MSG2", 16, "", TEXT),
    PRM(STANDARD, "PRM", 14, "", DIGITS),
    RELAIS(STANDARD, "RELAIS", 3, "", DIGITS),
    NTARF(STANDARD, "NTARF", 2, "", DIGITS),
    NJOURF(STANDARD, "NJOURF", 2, "", DIGITS),
    NJOURF_PLUS_1(STANDARD, "NJOURF+1", 2, "", DIGITS),
    PJOURF_PLUS_1(STANDARD, "PJOURF+1", 98, "", TEXT),
    PPOINTE(STANDARD, "PPOINTE", 98, "", TEXT);

    /** Which bytes a label's data may contain. */
    public enum Charset {
        /** ASCII digits only (numbers are zero-padded to their length). */
        DIGITS,
        /** ASCII digits and upper-case A-F. */
        HEX,
        /** Printable ASCII 0x20-0x7E (spaces included). */
        TEXT;

        /** Whether {@code b} is allowed (a byte already masked to 7 bits). */
        public boolean accepts(int b) {
            return b >= 0 && b < 128 && table()[b];
        }

        /** Whether every byte of {@code buf[off, off+len)} is allowed; one table load per byte, no branch. */
        boolean acceptsAll(byte[] buf, int off, int len) {
            boolean[] t = table();
            boolean ok = true;
            for (int i = off, end = off + len; i < end; i++) {
                int c = buf[i]; // negative for bytes >= 0x80, which no charset allows
                ok &= t[c & 0x7F] & c >= 0;
            }
            return ok;
        }

        private boolean[] table() {
            return TABLES[ordinal()];
        }
    }

    private static final boolean[][] TABLES = new boolean[3][128];

    static {
        for (int b = 0; b < 128; b++) {
            TABLES[Charset.DIGITS.ordinal()][b] = b >= '0' && b <= '9';
            TABLES[Charset.HEX.ordinal()][b] = (b >= '0' && b <= '9') || (b >= 'A' && b <= 'F');
            TABLES[Charset.TEXT.ordinal()][b] = b >= 0x20 && b <= 0x7E;
        }
    }

    /**
     * The longest label: §5.3.6 says 8 characters, but the spec's own three-phase labels SMAXSN1-1..SMAXSN3-1 have 9,
     * and real meters send them.
     */
    public static final int MAX_LABEL_LENGTH = 9;
    /** Horodate {@code SAAMMJJhhmmss}. */
    public static final int HORODATE_LENGTH = 13;

    private static final TicLabel[] VALUES = values();
    private static final int TABLE_BITS = 8;
    private static final long[][] KEYS = new long[2][1 << TABLE_BITS];
    private static final TicLabel[][] LABELS = new TicLabel[2][1 << TABLE_BITS];

    static {
        for (TicLabel l : VALUES) {
            long key = 0;
            for (byte b : l.bytes) {
                key = (key << 7) | b;
            }
            int m = l.mode.ordinal();
            int slot = slot(key);
            while (LABELS[m][slot] != null) {
                slot = (slot + 1) & ((1 << TABLE_BITS) - 1);
            }
            KEYS[m][slot] = key;
            LABELS[m][slot] = l;
        }
    }

    private final TicMode mode;
    private final String wire;
    private final byte[] bytes;
    private final int length;
    private final String unit;
    private final Charset charset;
    private final String channel;
    private final boolean horodated;

    TicLabel(TicMode mode, String wire, int length, String unit, Charset charset) {
        this(mode, wire, length, unit, charset, null, false);
    }

    TicLabel(TicMode mode, String wire, int length, String unit, Charset charset, String channel) {
        this(mode, wire, length, unit, charset, channel, false);
    }

    TicLabel(TicMode mode, String wire, int length, String unit, Charset charset, String channel, boolean horodated) {
        this.mode = mode;
        this.wire = wire;
        this.bytes = wire.getBytes(StandardCharsets.US_ASCII);
        this.length = length;
        this.unit = unit;
        this.charset = charset;
        this.channel = channel;
        this.horodated = horodated;
    }

    public TicMode mode() {
        return mode;
    }

    /** The label as transmitted, e.g. {@code "NJOURF+1"}. */
    public String wire() {
        return wire;
    }

    /** The fixed number of data characters (0 for DATE, whose information is in the horodate). */
    public int length() {
        return length;
    }

    /** The implicit unit ({@code "Wh"}, {@code "VA"}, ...), empty when there is none. */
    public String unit() {
        return unit;
    }

    public Charset charset() {
        return charset;
    }

    /** Whether the group carries a horodate between label and data. */
    public boolean horodated() {
        return horodated;
    }

    /** The canonical channel of this label's value (see {@link Channels}), if it maps to one. */
    public Optional<String> channel() {
        return Optional.ofNullable(channel);
    }

    /** Whether this label is a cumulative energy index in Wh. */
    public boolean isIndex() {
        return channel != null && Channels.isIndex(channel);
    }

    /** The label of {@code mode} spelt {@code wire}, if the dictionary has it. */
    public static Optional<TicLabel> of(TicMode mode, String wire) {
        byte[] b = wire.getBytes(StandardCharsets.US_ASCII);
        return Optional.ofNullable(lookup(mode, b, 0, b.length));
    }

    /** The label spelt {@code wire} in either mode (the two dictionaries do not overlap). */
    public static Optional<TicLabel> of(String wire) {
        Optional<TicLabel> h = of(HISTORIQUE, wire);
        return h.isPresent() ? h : of(STANDARD, wire);
    }

    /** Allocation-free lookup of the label in {@code buf[off, off+len)}, or {@code null}. */
    static TicLabel lookup(TicMode mode, byte[] buf, int off, int len) {
        if (len <= 0 || len > MAX_LABEL_LENGTH) {
            return null;
        }
        long key = 0;
        for (int i = off, end = off + len; i < end; i++) {
            key = (key << 7) | buf[i];
        }
        int m = mode.ordinal();
        long[] keys = KEYS[m];
        TicLabel[] labels = LABELS[m];
        int slot = slot(key);
        TicLabel l;
        while ((l = labels[slot]) != null) {
            if (keys[slot] == key) {
                return l;
            }
            slot = (slot + 1) & ((1 << TABLE_BITS) - 1);
        }
        return null;
    }

    private static int slot(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> (64 - TABLE_BITS));
    }

    /** The longest group content (label through checksum, LF and CR excluded) the dictionaries allow. */
    public static int maxGroupContent() {
        int max = 0;
        for (TicLabel l : VALUES) {
            max = Math.max(max, l.groupContentLength());
        }
        // An unknown label may be as long as the longest label and carry a horodate.
        return Math.max(max, MAX_LABEL_LENGTH + 1 + HORODATE_LENGTH + 1 + 98 + 2);
    }

    /** The largest frame content the spec allows: every label of the larger dictionary, each framed by LF and CR. */
    public static int maxFrameContent() {
        int[] sum = new int[2];
        for (TicLabel l : VALUES) {
            sum[l.mode.ordinal()] += l.groupContentLength() + 2;
        }
        return Math.max(sum[0], sum[1]);
    }

    private int groupContentLength() {
        return bytes.length + 1 + (horodated ? HORODATE_LENGTH + 1 : 0) + length + 2;
    }
}
