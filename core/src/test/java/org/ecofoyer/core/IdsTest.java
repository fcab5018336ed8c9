package org.ecofoyer.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdsTest {
    /** Both ids apply the same rule; each is checked on its own so that one cannot lose it unnoticed. */
    private static final Function<String, Object> HOUSEHOLD = HouseholdId::new;
    private static final Function<String, Object> METER = MeterCode::new;

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t", "  \n "})
    void emptyAndBlankIdsAreRefused(String value) {
        assertThatThrownBy(() -> HOUSEHOLD.apply(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("household id: ");
        assertThatThrownBy(() -> METER.apply(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("meter code: ");
    }

    @Test
    void aMissingIdIsRefusedWithAMessageNotANullPointer() {
        assertThatThrownBy(() -> HOUSEHOLD.apply(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("household id: missing");
        assertThatThrownBy(() -> METER.apply(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("meter code: missing");
    }

    /** Anywhere in the value, not only at its ends (a strip() would hide the inner ones). */
    @ParameterizedTest
    @ValueSource(strings = {"demo\nelec", "demo\u0000", "\u001b[31mred", "tab\there", "del\u007f", "c1\u0085", "line\u2028sep",
        "para\u2029sep"})
    void controlCharactersAreRefusedAndNotEchoed(String value) {
        assertThatThrownBy(() -> HOUSEHOLD.apply(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("control character")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContainPattern("[\\x00-\\x1F\\x7F-\\x9F\\u2028\\u2029]"));
        assertThatThrownBy(() -> METER.apply(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("control character");
    }

    @Test
    void ordinaryIdsAreKeptAsGiven() {
        assertThat(new MeterCode("demo-elec").value()).isEqualTo("demo-elec");
        assertThat(new MeterCode(" 021234567890 ").value()).isEqualTo(" 021234567890 ");
        assertThat(new HouseholdId("Foyer Hélène d'Aubigné").value()).isEqualTo("Foyer Hélène d'Aubigné");
        assertThat(new HouseholdId("h1")).hasToString("h1").isEqualTo(new HouseholdId("h1"));
        assertThat(new MeterCode("m1")).hasToString("m1");
    }
}
