package org.ecofoyer.aggregation.maths;

import java.util.List;

/**
 * Advice on the subscribed power (kVA) from the highest power the meter saw (issue #16). A half-hour's average power
 * is no peak: a kettle and an oven together reach 4 kVA for minutes in a half-hour that averages 400 W, so this is
 * fed the meter's own maxima (its daily maximum, the live stream's per-minute maxima) in VA, the unit the Linky
 * compares with the subscription.
 *
 * @param kind         {@code NEAR} (the peak reached 90 % of the subscription: the meter may cut), {@code BELOW} (a
 *                     lower standard level would still leave 20 % above the peak), {@code FITS}, or {@code UNKNOWN}
 *                     (no peak or no subscribed power known)
 * @param peakVa       the peak in VA, or null
 * @param subscribedKva the subscription, or null
 * @param suggestedKva the level to consider ({@code BELOW}: the lowest that keeps the margin; {@code NEAR}: the next
 *                     one up), or null
 */
public record PowerAdvice(Kind kind, Long peakVa, Integer subscribedKva, Integer suggestedKva) {
    public enum Kind { NEAR, BELOW, FITS, UNKNOWN }

    /** The regulated tariff's subscription levels (kVA). */
    public static final List<Integer> LEVELS = List.of(3, 6, 9, 12, 15, 18, 24, 30, 36);
    static final double NEAR_SHARE = 0.9;
    static final double MARGIN = 0.8;

    public static PowerAdvice of(Long peakVa, Integer subscribedKva) {
        if (peakVa == null || subscribedKva == null || subscribedKva <= 0) {
            return new PowerAdvice(Kind.UNKNOWN, peakVa, subscribedKva, null);
        }
        if (peakVa >= NEAR_SHARE * subscribedKva * 1000) {
            Integer up = LEVELS.stream().filter(l -> l > subscribedKva).findFirst().orElse(null);
            return new PowerAdvice(Kind.NEAR, peakVa, subscribedKva, up);
        }
        Integer lowest = LEVELS.stream().filter(l -> peakVa <= MARGIN * l * 1000).findFirst().orElse(null);
        if (lowest != null && lowest < subscribedKva) {
            return new PowerAdvice(Kind.BELOW, peakVa, subscribedKva, lowest);
        }
        return new PowerAdvice(Kind.FITS, peakVa, subscribedKva, null);
    }
}
