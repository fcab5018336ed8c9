package org.ecofoyer.core;

import java.util.Locale;
import java.util.Optional;

/**
 * The colour of a Tempo day (06:00 → 06:00, labelled with the date it starts): ~300 blue, 43 white and 22 red days a
 * year. Its {@link #code()} is the value of the {@code tempo.today} / {@code tempo.tomorrow} readings, and of the
 * Linky's STGE bits.
 */
public enum TempoColour {
    BLUE(1), WHITE(2), RED(3);

    private static final TempoColour[] BY_CODE = values();

    private final int code;

    TempoColour(int code) {
        this.code = code;
    }

    /** 1 blue, 2 white, 3 red: the value stored in the {@link Channels#TEMPO_TODAY} and {@link Channels#TEMPO_TOMORROW} readings. */
    public int code() {
        return code;
    }

    /** The colour of a {@link #code()}; empty for anything else (0 is "not announced" on the meter). */
    public static Optional<TempoColour> ofCode(long code) {
        return code >= 1 && code <= 3 ? Optional.of(BY_CODE[(int) code - 1]) : Optional.empty();
    }

    /**
     * Reads a colour as operators and suppliers write it: {@code BLUE}, {@code BLEU}, {@code TEMPO_BLEU} (and the same for
     * white/blanc and red/rouge), in any case, surrounding blanks ignored.
     *
     * @throws IllegalArgumentException with the text itself as its message, for anything else
     */
    public static TempoColour parse(String s) {
        return switch (s.trim().toUpperCase(Locale.ROOT)) {
            case "BLUE", "BLEU", "TEMPO_BLEU" -> BLUE;
            case "WHITE", "BLANC", "TEMPO_BLANC" -> WHITE;
            case "RED", "ROUGE", "TEMPO_ROUGE" -> RED;
            default -> throw new IllegalArgumentException(s);
        };
    }
}
