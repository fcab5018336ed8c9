package org.ecofoyer.aggregation.maths;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.ecofoyer.core.HouseholdProfile;
import org.ecofoyer.core.HouseholdProfile.HeatingEnergy;
import org.junit.jupiter.api.Test;

class SimilarHomesTest {
    static HouseholdProfile profile(HeatingEnergy e, Double m2, Integer occupants) {
        return new HouseholdProfile(m2, occupants, e, null, null, null, null, null);
    }

    @Test
    void cohortsAreHeatingEnergySurfaceBandAndOccupants() {
        var c = SimilarHomes.Cohort.of(profile(HeatingEnergy.GAS, 85.0, 3));
        assertThat(c).isEqualTo(new SimilarHomes.Cohort(HeatingEnergy.GAS, "80-120", "3"));
        assertThat(SimilarHomes.Cohort.of(profile(HeatingEnergy.GAS, 119.9, 3))).isEqualTo(c);
        assertThat(SimilarHomes.Cohort.of(profile(HeatingEnergy.GAS, 120.0, 3))).isNotEqualTo(c);
        assertThat(SimilarHomes.Cohort.of(profile(HeatingEnergy.GAS, 49.0, 7)).occupantsBand()).isEqualTo("5+");
        assertThat(SimilarHomes.Cohort.of(profile(HeatingEnergy.GAS, 200.0, 1)).surfaceBand()).isEqualTo("160+");
        assertThat(SimilarHomes.Cohort.of(profile(null, 85.0, 3))).as("a profile without heating energy is in no cohort").isNull();
        assertThat(SimilarHomes.Cohort.of(profile(HeatingEnergy.GAS, null, 3))).isNull();
    }

    /** Four homes are too few: nothing at all, not even their count. Five: aggregates only. */
    @Test
    void aggregatesOfAtLeastFiveHomesAndNothingBelow() {
        var cohort = new SimilarHomes.Cohort(HeatingEnergy.GAS, "80-120", "3");
        List<SimilarHomes.Home> four = List.of(new SimilarHomes.Home(1000, 100), new SimilarHomes.Home(1200, 100),
                new SimilarHomes.Home(800, 80), new SimilarHomes.Home(900, 90));
        var none = SimilarHomes.card(cohort, 1000, 100.0, four);
        assertThat(none.enough()).isFalse();
        assertThat(none.homes()).isZero();
        assertThat(none.meanQuantity()).isNull();
        assertThat(none.meanPerM2()).isNull();
        assertThat(none.lowerShare()).isNull();

        List<SimilarHomes.Home> five = new java.util.ArrayList<>(four);
        five.add(new SimilarHomes.Home(1100, 110));
        var card = SimilarHomes.card(cohort, 1000, 100.0, five);
        assertThat(card.enough()).isTrue();
        assertThat(card.homes()).isEqualTo(5);
        assertThat(card.meanQuantity()).isEqualTo(1000.0); // (1000 + 1200 + 800 + 900 + 1100) / 5
        assertThat(card.meanPerM2()).isEqualTo(10.4); // (10 + 12 + 10 + 10 + 10) / 5
        assertThat(card.ownPerM2()).isEqualTo(10.0);
        assertThat(card.lowerShare()).isEqualTo(0.0); // no similar home uses less than 10 kWh/m²
        assertThat(SimilarHomes.card(cohort, 1300, 100.0, five).lowerShare()).isEqualTo(1.0);
    }
}
