package org.ecofoyer.drivers.tic;

/** The per-label checks shared by the decoder and {@link TicFrame.Builder}: length, charset, horodate. */
final class GroupCheck {
    /** The label is valid but not in the dictionary. */
    static final int UNKNOWN = -1;
    /** The group breaks a rule of its label (length, charset, horodate). */
    static final int INVALID = -2;

    private GroupCheck() {
    }

    /**
     * Checks one group whose parts lie in {@code b}; returns the label's ordinal, {@link #UNKNOWN} or {@link #INVALID}.
     * {@code ho} is -1 when the group has no horodate.
     */
    static int check(TicMode mode, byte[] b, int lo, int ll, int ho, int hl, int dOff, int dLen, boolean strictLengths) {
        if (ll <= 0 || ll > TicLabel.MAX_LABEL_LENGTH) {
            return INVALID;
        }
        if (ho >= 0 && (hl != TicLabel.HORODATE_LENGTH || !TicHorodate.valid(b, ho))) {
            return INVALID;
        }
        TicLabel label = TicLabel.lookup(mode, b, lo, ll);
        if (label == null) {
            for (int i = lo; i < lo + ll; i++) {
                if (b[i] <= 0x20 || b[i] >= 0x7F) {
                    return INVALID;
                }
            }
            return printable(b, dOff, dLen) ? UNKNOWN : INVALID;
        }
        if (label.horodated() != (ho >= 0)) {
            return INVALID;
        }
        if (strictLengths ? dLen != label.length() : dLen > label.length() || (dLen == 0 && label.length() > 0)) {
            return INVALID;
        }
        return label.charset().acceptsAll(b, dOff, dLen) ? label.ordinal() : INVALID;
    }

    private static boolean printable(byte[] b, int off, int len) {
        return TicLabel.Charset.TEXT.acceptsAll(b, off, len);
    }
}
