package org.ecofoyer.gateway;

import java.util.Locale;

/** The TIC mode a gateway is set to read: the meter's mode (historique 1200 baud, standard 9600 baud), or auto. */
public enum TicMode {
    AUTO("auto"), HISTORIQUE("historique"), STANDARD("standard");

    private final String wireName;

    TicMode(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static TicMode parse(String s) {
        String v = s == null ? "" : s.strip().toLowerCase(Locale.ROOT);
        for (TicMode m : values()) {
            if (m.wireName.equals(v)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown TIC mode '" + s + "': expected auto, historique or standard");
    }
}
