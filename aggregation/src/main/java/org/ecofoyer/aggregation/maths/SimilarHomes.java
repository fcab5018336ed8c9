package org.ecofoyer.aggregation.maths;

import java.util.List;
import java.util.Objects;
import org.ecofoyer.core.HouseholdProfile;

/**
 * "Similar homes": households of the same heating energy, surface band and occupants band, shown only as aggregates of
 * at least {@link #MIN_HOMES} homes (k-anonymity), never an identity or a series. Pure.
 */
public final class SimilarHomes {
    /** The fewest homes an aggregate is shown for: below, nothing is said but that there are too few. */
    public static final int MIN_HOMES = 5;
    /** Surface bands, m²: [0, 50), [50, 80), [80, 120), [120, 160), [160, ∞). */
    static final double[] SURFACE_BOUNDS = {50, 80, 120, 160};

    private SimilarHomes() {
    }

    /**
     * The cohort a profile belongs to: heating energy, surface band, occupants (1, 2, 3, 4, 5 and more). Null when the
     * profile lacks one of the three (such a home is in no cohort).
     */
    public record Cohort(HouseholdProfile.HeatingEnergy heatingEnergy, String surfaceBand, String occupantsBand) {
        public static Cohort of(HouseholdProfile p) {
            if (p.heatingEnergy() == null || p.surfaceM2() == null || p.occupants() == null) {
                return null;
            }
            return new Cohort(p.heatingEnergy(), SimilarHomes.surfaceBand(p.surfaceM2()), p.occupants() >= 5 ? "5+" : String.valueOf(p.occupants()));
        }
    }

    static String surfaceBand(double m2) {
        double low = 0;
        for (double b : SURFACE_BOUNDS) {
            if (m2 < b) {
                return (int) low + "-" + (int) b;
            }
            low = b;
        }
        return (int) low + "+";
    }

    /** One similar home's figure over the period: its consumption and surface (never its id). */
    public record Home(double quantity, double surfaceM2) {
    }

    /**
     * The card, or a refusal.
     *
     * @param cohort       the cohort
     * @param homes        how many similar homes with complete data over the period (0 when fewer than MIN_HOMES:
     *                     the exact count is not given below the threshold)
     * @param enough       whether there are at least MIN_HOMES
     * @param meanQuantity their mean consumption, or null
     * @param meanPerM2    their mean consumption per m², or null
     * @param own          the household's own consumption
     * @param ownPerM2     the household's per m²
     * @param lowerShare   the share (0..1, in tenths) of similar homes using less per m² than the household, or null
     */
    public record Card(Cohort cohort, int homes, boolean enough, Double meanQuantity, Double meanPerM2, double own, Double ownPerM2,
                       Double lowerShare) {
    }

    /** The card of a household with {@code own} consumption and {@code surfaceM2} among {@code homes} of its cohort. */
    public static Card card(Cohort cohort, double own, Double surfaceM2, List<Home> homes) {
        Objects.requireNonNull(cohort, "cohort");
        Double ownPerM2 = surfaceM2 == null ? null : own / surfaceM2;
        if (homes.size() < MIN_HOMES) {
            return new Card(cohort, 0, false, null, null, own, ownPerM2, null);
        }
        double sum = 0;
        double sumPerM2 = 0;
        int lower = 0;
        for (Home h : homes) {
            sum += h.quantity();
            double perM2 = h.quantity() / h.surfaceM2();
            sumPerM2 += perM2;
            if (ownPerM2 != null && perM2 < ownPerM2) {
                lower++;
            }
        }
        // Rounded to tenths, so that the rank does not single out one home.
        Double share = ownPerM2 == null ? null : Math.round(10.0 * lower / homes.size()) / 10.0;
        return new Card(cohort, homes.size(), true, sum / homes.size(), sumPerM2 / homes.size(), own, ownPerM2, share);
    }
}
