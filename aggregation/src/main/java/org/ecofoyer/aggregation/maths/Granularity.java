package org.ecofoyer.aggregation.maths;

/**
 * Bucket sizes, in the household's local calendar. A DAY has 46, 48 or 50 half-hours; months and years are sums of
 * days. The code is what the {@code rollup.granularity} column stores.
 */
public enum Granularity {
    HALF_HOUR(0), DAY(1), MONTH(2), YEAR(3);

    private final int code;

    Granularity(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Granularity ofCode(int code) {
        for (Granularity g : values()) {
            if (g.code == code) {
                return g;
            }
        }
        throw new IllegalArgumentException("unknown granularity code " + code);
    }

    /** Parses {@code half_hour}, {@code day}, {@code month} or {@code year} (any case). */
    public static Granularity parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected half_hour, day, month or year, got '" + s + "'");
        }
    }
}
