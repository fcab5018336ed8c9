package org.ecofoyer.aggregation.maths;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import org.ecofoyer.core.Fluid;
import org.ecofoyer.core.Meter;

/**
 * One dated price, valid on {@code [from, to)}.
 *
 * @param fluid     electricity, gas or water
 * @param option    tariff option (BASE, HPHC, TEMPO, EJP; gas PRIX_REPERE; water GRAND_LYON, ...)
 * @param component {@code energy} (amount per kWh, or per m³ for water) or {@code subscription} (amount per year)
 * @param period    the tariff period of an energy price ({@code BASE}, {@code HP}, ...); {@code *} for subscriptions
 * @param kva       subscription level in kVA, 0 for every level
 * @param from      first instant of validity
 * @param to        end of validity (excluded), or {@code null}: until the next price of the same key (or a price of
 *                  the same option and period for every level, kva 0) starts
 * @param amount    euros TTC
 * @param source    where the figure comes from
 */
public record Price(Fluid fluid, String option, String component, String period, int kva, Instant from, Instant to,
                    BigDecimal amount, String source) {
    public static final String ENERGY = "energy";
    public static final String SUBSCRIPTION = "subscription";
    /**
     * The largest amount accepted: far above any household's yearly subscription or price per unit, so that a typo
     * (an exponent, a misplaced separator) is refused by every input path (API, CLI, price file) rather than stored.
     */
    public static final BigDecimal MAX_AMOUNT = new BigDecimal("100000");

    public Price {
        Objects.requireNonNull(fluid, "fluid");
        Objects.requireNonNull(option, "option");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(amount, "amount");
        if (!ENERGY.equals(component) && !SUBSCRIPTION.equals(component)) {
            throw new IllegalArgumentException("component: expected energy or subscription, got '" + component + "'");
        }
        if (to != null && !to.isAfter(from)) {
            throw new IllegalArgumentException("to: must be after from (" + from + "), got " + to);
        }
        if (amount.signum() < 0 || amount.compareTo(MAX_AMOUNT) > 0) {
            throw new IllegalArgumentException("amount: expected 0 to " + MAX_AMOUNT.toPlainString() + " euros, got " + amount.toPlainString());
        }
        if (amount.stripTrailingZeros().scale() > 6) { // the column's scale: more would be rounded silently
            throw new IllegalArgumentException("amount: at most 6 decimals, got " + amount.toPlainString());
        }
        if (kva < 0 || kva > Meter.MAX_SUBSCRIBED_KVA) {
            throw new IllegalArgumentException("kva: expected 0 (every level) to " + Meter.MAX_SUBSCRIBED_KVA + ", got " + kva);
        }
        period = SUBSCRIPTION.equals(component) ? "*" : Objects.requireNonNull(period, "period");
        source = source == null ? "" : source;
    }
}
