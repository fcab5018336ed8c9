package org.ecofoyer.drivers.utility;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Number conversions shared by the parsers: utilities send numbers as JSON numbers or as strings. */
public final class Numbers {
    private Numbers() {
    }

    /** A JSON value (number or numeric string) as a decimal; {@code null} for null or blank. */
    public static BigDecimal decimal(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof BigDecimal b) {
            return b;
        }
        String s = v.toString().trim();
        if (s.isEmpty()) {
            return null;
        }
        try {
            return new BigDecimal(s.replace(',', '.'));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number: '" + abbreviate(s) + "'");
        }
    }

    /** {@code v × factor}, rounded half-up to a whole number. */
    public static long scaled(BigDecimal v, long factor) {
        return v.multiply(BigDecimal.valueOf(factor)).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
