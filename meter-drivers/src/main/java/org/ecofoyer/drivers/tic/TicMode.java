package org.ecofoyer.drivers.tic;

import java.util.Optional;

/**
 * The two TIC modes of a Linky meter, with their wire parameters (Enedis-NOI-CPT_54E §5.2, §5.3). Both use 7 data
 * bits, even parity and 1 stop bit; they differ in speed, field separator and which bytes the checksum covers.
 */
public enum TicMode {
    /** 1200 baud, separator SP; the checksum covers label SP data, not the SP before the checksum. */
    HISTORIQUE("historique", 1200, (byte) ' '),
    /** 9600 baud, separator HT; the checksum covers label through the HT before the checksum (horodate included). */
    STANDARD("standard", 9600, (byte) '\t');

    public static final int DATA_BITS = 7;
    public static final int STOP_BITS = 1;
    /** Parity is even in both modes. */
    public static final String PARITY = "even";

    private final String wireName;
    private final int baudRate;
    private final byte separator;

    TicMode(String wireName, int baudRate, byte separator) {
        this.wireName = wireName;
        this.baudRate = baudRate;
        this.separator = separator;
    }

    /** {@code "historique"} or {@code "standard"}: the name used in configuration, CLI and JSON output. */
    public String wireName() {
        return wireName;
    }

    public int baudRate() {
        return baudRate;
    }

    public byte separator() {
        return separator;
    }

    /** Whether the separator before the checksum is part of the summed bytes. */
    public boolean checksumIncludesLastSeparator() {
        return this == STANDARD;
    }

    /**
     * Parses a mode setting: {@code auto} gives an empty optional (detect from the stream), {@code historique} or
     * {@code standard} a fixed mode. Case-insensitive.
     *
     * @throws IllegalArgumentException with a message listing the accepted values
     */
    public static Optional<TicMode> parseSetting(String setting) {
        return TicModeSetting.parse(setting).mode();
    }

    /** The mode whose speed is {@code baud}, if any. */
    public static Optional<TicMode> forBaudRate(int baud) {
        for (TicMode m : values()) {
            if (m.baudRate == baud) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
