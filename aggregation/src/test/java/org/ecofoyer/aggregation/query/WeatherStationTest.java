package org.ecofoyer.aggregation.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.ecofoyer.core.HouseholdProfile;
import org.junit.jupiter.api.Test;

/** Postcode → weather station: the profile's own choice first, else a zone named after the postcode's département. */
class WeatherStationTest {
    static HouseholdProfile profile(String postcode, String station) {
        return new HouseholdProfile(null, null, null, null, null, null, postcode, station);
    }

    @Test
    void theProfilesStationThenThePostcodesDepartement() {
        List<String> zones = List.of("13-marignane", "69-lyon-st-exupery", "69-lyon-bron", "2A-ajaccio", "default");
        assertThat(PeriodComparisons.station(profile("69003", "13-marignane"), zones)).isEqualTo("13-marignane");
        assertThat(PeriodComparisons.station(profile("69003", null), zones)).isEqualTo("69-lyon-bron"); // the first by name
        assertThat(PeriodComparisons.station(profile("2A004", null), zones)).isEqualTo("2A-ajaccio");
        assertThat(PeriodComparisons.station(profile("75013", null), zones)).isNull();
        assertThat(PeriodComparisons.station(profile(null, null), zones)).isNull();
        // "6" is not "69": the département is matched whole, up to the dash.
        assertThat(PeriodComparisons.station(profile("06000", null), List.of("069-x", "06-nice"))).isEqualTo("06-nice");
    }
}
