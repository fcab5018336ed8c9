package org.ecofoyer.aggregation.maths;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Stored costs keep 8 decimals of a euro: sums of thousands of half-hours stay exact to far below a cent. */
final class Costs {
    static final int SCALE = 8;

    private Costs() {
    }

    static BigDecimal round(BigDecimal eur) {
        return eur.setScale(SCALE, RoundingMode.HALF_EVEN);
    }

    static BigDecimal add(BigDecimal a, BigDecimal b) {
        return a == null || b == null ? null : a.add(b);
    }
}
