package org.ecofoyer.aggregation.maths;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Standby ("veille", the always-on load) from night minima, honest about heating (issue #16: an average of every
 * night's lowest half-hour put winter's all-night heating into "standby" and read about 3× too high).
 *
 * <p>Per season, the nights' lowest half-hours between 01:00 and 05:00 are sorted and the quietest fifth of them is
 * averaged: nights with guests, a dishwasher on a timer or a heater cycling are left out, the always-on appliances are
 * not. The headline is the lowest seasonal figure among seasons with at least {@link #MIN_NIGHTS} nights (a season
 * without heating or cooling shows what is really always on); with no such season, the lowest of all seasons.
 */
public final class Standby {
    /** The share of a season's nights, the quietest, that its standby is taken from. */
    static final double QUIETEST_SHARE = 0.2;
    /** The fewest nights a season needs for its figure to be the headline when another season has enough. */
    static final int MIN_NIGHTS = 14;

    private Standby() {
    }

    /** Each season's standby in W, from the local days of the nights ({@code epochDays}) and their lowest half-hour in W. */
    public static Map<Season, Double> bySeason(long[] epochDays, double[] nightMinW) {
        Map<Season, List<Double>> groups = new EnumMap<>(Season.class);
        for (int i = 0; i < epochDays.length; i++) {
            groups.computeIfAbsent(Season.of(LocalDate.ofEpochDay(epochDays[i])), s -> new ArrayList<>()).add(nightMinW[i]);
        }
        Map<Season, Double> out = new EnumMap<>(Season.class);
        groups.forEach((season, values) -> {
            values.sort(null);
            int k = Math.max(1, (int) Math.ceil(values.size() * QUIETEST_SHARE));
            double sum = 0;
            for (int i = 0; i < k; i++) {
                sum += values.get(i);
            }
            out.put(season, sum / k);
        });
        return out;
    }

    /** The headline standby: the lowest season with enough nights (else the lowest season); null without nights. */
    public static Double headline(Map<Season, Double> bySeason, long[] epochDays) {
        Map<Season, Integer> nights = new EnumMap<>(Season.class);
        for (long d : epochDays) {
            nights.merge(Season.of(LocalDate.ofEpochDay(d)), 1, Integer::sum);
        }
        Double best = null;
        Double bestAny = null;
        for (Map.Entry<Season, Double> e : bySeason.entrySet()) {
            double w = e.getValue();
            bestAny = bestAny == null || w < bestAny ? w : bestAny;
            if (nights.getOrDefault(e.getKey(), 0) >= MIN_NIGHTS) {
                best = best == null || w < best ? w : best;
            }
        }
        return best != null ? best : bestAny;
    }
}
