package org.ecofoyer.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.ecofoyer.core.HouseholdProfile.ConstructionPeriod;
import org.ecofoyer.core.HouseholdProfile.HeatingEnergy;
import org.junit.jupiter.api.Test;

class HouseholdProfileTest {
    @Test
    void everyFieldIsOptional() {
        assertThat(HouseholdProfile.EMPTY.surfaceM2()).isNull();
        assertThat(HouseholdProfile.EMPTY.departement()).isNull();
    }

    @Test
    void valuesOutsideTheirRangeAreRefusedWithTheFieldsName() {
        assertThatThrownBy(() -> new HouseholdProfile(4.9, null, null, null, null, null, null, null)).hasMessageStartingWith("surfaceM2");
        assertThatThrownBy(() -> new HouseholdProfile(Double.NaN, null, null, null, null, null, null, null)).hasMessageStartingWith("surfaceM2");
        assertThatThrownBy(() -> new HouseholdProfile(null, 0, null, null, null, null, null, null)).hasMessageStartingWith("occupants");
        assertThatThrownBy(() -> new HouseholdProfile(null, 31, null, null, null, null, null, null)).hasMessageStartingWith("occupants");
        assertThatThrownBy(() -> new HouseholdProfile(null, null, null, null, null, null, "6900", null)).hasMessageStartingWith("postcode");
        assertThatThrownBy(() -> new HouseholdProfile(null, null, null, null, null, null, null, "a\nb")).hasMessageStartingWith("weatherStation");
        assertThat(new HouseholdProfile(5.0, 30, null, null, null, null, "2A004", null).departement()).isEqualTo("2A");
    }

    @Test
    void enumsParseTheirLowerCaseNamesAndListTheChoicesOtherwise() {
        assertThat(HeatingEnergy.parse("gas")).isEqualTo(HeatingEnergy.GAS);
        assertThat(HeatingEnergy.parse(null)).isNull();
        assertThat(ConstructionPeriod.parse("from_1975_to_1989")).isEqualTo(ConstructionPeriod.FROM_1975_TO_1989);
        assertThatThrownBy(() -> HeatingEnergy.parse("coal")).hasMessage(
                "heatingEnergy: one of electricity, gas, fuel_oil, wood, district_heating, other");
    }
}
