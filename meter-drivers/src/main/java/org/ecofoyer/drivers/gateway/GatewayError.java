package org.ecofoyer.drivers.gateway;

import java.util.Objects;

/**
 * Why a gateway payload was rejected, with a message that says what was wrong (for logs and counters).
 *
 * @param kind    the class of problem, stable for metrics
 * @param message what was wrong, quoting the offending part (shortened)
 */
public record GatewayError(Kind kind, String message) {
    public enum Kind {
        /** The payload is empty. */
        EMPTY,
        /** Larger than any gateway message can be. */
        TOO_LARGE,
        /** Not UTF-8 / JSON where JSON was expected. */
        NOT_JSON,
        /** JSON, but not the shape this firmware publishes. */
        UNEXPECTED_SHAPE,
        /** The shape is right but no value could be used. */
        BAD_VALUE,
        /** A valid message that carries no TIC data (e.g. Tasmota's ENERGY-only or STATE messages). */
        NO_TIC_DATA,
        /** The topic does not say which value the payload is (ESPHome). */
        UNKNOWN_TOPIC,
        /** Raw TIC bytes without one complete frame. */
        NO_COMPLETE_FRAME
    }

    public GatewayError {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return kind + ": " + message;
    }

    /** Shortens a payload excerpt for a message. */
    static String excerpt(String s) {
        String t = s.replaceAll("[\\p{Cntrl}]", "?");
        return t.length() <= 80 ? t : t.substring(0, 77) + "...";
    }
}
