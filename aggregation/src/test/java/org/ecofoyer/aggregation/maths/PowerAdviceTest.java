package org.ecofoyer.aggregation.maths;

import static org.assertj.core.api.Assertions.assertThat;

import org.ecofoyer.aggregation.maths.PowerAdvice.Kind;
import org.junit.jupiter.api.Test;

class PowerAdviceTest {
    @Test
    void theIssuesTestHomeFitsItsNineKvaAndAQuietHomeCouldLowerIt() {
        // 4,260 VA on 9 kVA: 47 %; 80 % of 6 kVA is 4,800 VA, above the peak: 6 kVA would do.
        assertThat(PowerAdvice.of(4260L, 9)).isEqualTo(new PowerAdvice(Kind.BELOW, 4260L, 9, 6));
        // 5,000 VA on 6 kVA: 83 %, under 90 %, and 80 % of 6 kVA (4,800) is below it: fits.
        assertThat(PowerAdvice.of(5000L, 6)).isEqualTo(new PowerAdvice(Kind.FITS, 5000L, 6, null));
        // 2,100 VA on 6 kVA: 80 % of 3 kVA is 2,400: 3 kVA would do.
        assertThat(PowerAdvice.of(2100L, 6).suggestedKva()).isEqualTo(3);
    }

    @Test
    void aPeakAtNinetyPerCentOfTheSubscriptionIsNearAndTheNextLevelIsSuggested() {
        assertThat(PowerAdvice.of(5400L, 6)).isEqualTo(new PowerAdvice(Kind.NEAR, 5400L, 6, 9));
        assertThat(PowerAdvice.of(5399L, 6).kind()).isEqualTo(Kind.FITS);
        assertThat(PowerAdvice.of(36_000L, 36)).isEqualTo(new PowerAdvice(Kind.NEAR, 36_000L, 36, null));
    }

    @Test
    void withoutAPeakOrASubscriptionThereIsNoAdvice() {
        assertThat(PowerAdvice.of(null, 6).kind()).isEqualTo(Kind.UNKNOWN);
        assertThat(PowerAdvice.of(3000L, null).kind()).isEqualTo(Kind.UNKNOWN);
    }
}
