package org.ecofoyer.gateway;

import java.util.Locale;

/** Where a gateway stands, as {@code gateway show} prints it ({@code state=...}). */
public enum GatewayState {
    NEW, RECEIVING, SILENT, WRONG_METER, WRONG_MODE, BAD_CREDENTIALS;

    /** {@code wrong-meter}, as stored and printed. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static GatewayState parse(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
