package org.ecofoyer.drivers.tic;

import java.util.Locale;
import java.util.Optional;

/**
 * A TIC mode as an operator sets it (configuration {@code ingest.serial[].mode}, the CLI's {@code --mode}): {@code auto}
 * detects the mode from the stream, frame by frame (a meter switched by Enedis keeps working); the others fix it.
 */
public enum TicModeSetting {
    AUTO("auto", null),
    HISTORIQUE("historique", TicMode.HISTORIQUE),
    STANDARD("standard", TicMode.STANDARD);

    private final String wireName;
    private final TicMode mode;

    TicModeSetting(String wireName, TicMode mode) {
        this.wireName = wireName;
        this.mode = mode;
    }

    /** {@code auto}, {@code historique} or {@code standard}: the name in configuration and on the command line. */
    public String wireName() {
        return wireName;
    }

    /** The fixed mode, or empty for {@link #AUTO}. */
    public Optional<TicMode> mode() {
        return Optional.ofNullable(mode);
    }

    /**
     * Case-insensitive; {@code historic} is accepted for {@code historique}.
     *
     * @throws IllegalArgumentException with a message listing the accepted values
     */
    public static TicModeSetting parse(String setting) {
        String s = setting == null ? "" : setting.trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "auto" -> AUTO;
            case "historique", "historic" -> HISTORIQUE;
            case "standard" -> STANDARD;
            default -> throw new IllegalArgumentException("unknown TIC mode '" + setting + "': expected auto, historique or standard");
        };
    }
}
