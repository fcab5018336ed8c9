package org.ecofoyer.core;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class MeterTest {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aMeterHasItsIdentityFluidKindZoneAndDate() {
        MeterCode code = new MeterCode("m");
        HouseholdId home = new HouseholdId("h");
        new Meter(1, code, home, Fluid.GAS, MeterKind.GAZPAR, null, null, null, PARIS, NOW);
        assertThatThrownBy(() -> new Meter(1, null, home, Fluid.GAS, MeterKind.GAZPAR, null, null, null, PARIS, NOW))
                .hasMessage("code");
        assertThatThrownBy(() -> new Meter(1, code, null, Fluid.GAS, MeterKind.GAZPAR, null, null, null, PARIS, NOW))
                .hasMessage("household");
        assertThatThrownBy(() -> new Meter(1, code, home, null, MeterKind.GAZPAR, null, null, null, PARIS, NOW))
                .hasMessage("fluid");
        assertThatThrownBy(() -> new Meter(1, code, home, Fluid.GAS, null, null, null, null, PARIS, NOW))
                .hasMessage("kind");
        assertThatThrownBy(() -> new Meter(1, code, home, Fluid.GAS, MeterKind.GAZPAR, null, null, null, null, NOW))
                .hasMessage("zone");
        assertThatThrownBy(() -> new Meter(1, code, home, Fluid.GAS, MeterKind.GAZPAR, null, null, null, PARIS, null))
                .hasMessage("createdAt");
    }
}
