package org.ecofoyer.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The model's enums: their names are stored in the database, so they and their facts must not drift. */
class ModelEnumsTest {
    @Test
    void eachKindMeasuresItsFluidAndTheUtilityKindsAreTheSyncedOnes() {
        assertThat(MeterKind.LINKY_TIC.fluid()).isEqualTo(Fluid.ELECTRICITY);
        assertThat(MeterKind.ENEDIS_API.fluid()).isEqualTo(Fluid.ELECTRICITY);
        assertThat(MeterKind.GAZPAR.fluid()).isEqualTo(Fluid.GAS);
        assertThat(MeterKind.TELEO.fluid()).isEqualTo(Fluid.WATER);
        assertThat(MeterKind.utilities()).isEqualTo(Set.of(MeterKind.ENEDIS_API, MeterKind.GAZPAR, MeterKind.TELEO));
        assertThat(MeterKind.LINKY_TIC.fromUtility()).isFalse();
    }

    /** The names are the values of the {@code meter.fluid} and {@code meter.kind} CHECK constraints (V1_1_0). */
    @Test
    void storedNamesAreTheOnesTheSchemaAccepts() {
        assertThat(Arrays.stream(Fluid.values()).map(Enum::name)).containsExactly("ELECTRICITY", "GAS", "WATER");
        assertThat(Arrays.stream(MeterKind.values()).map(Enum::name)).containsExactly("LINKY_TIC", "ENEDIS_API", "GAZPAR", "TELEO");
    }

    @Test
    void fluidsKnowTheirUnits() {
        assertThat(Fluid.ELECTRICITY.baseUnit()).isEqualTo("Wh");
        assertThat(Fluid.ELECTRICITY.unit()).isEqualTo("kWh");
        assertThat(Fluid.GAS.baseUnit()).isEqualTo("Wh");
        assertThat(Fluid.GAS.unit()).isEqualTo("kWh");
        assertThat(Fluid.WATER.baseUnit()).isEqualTo("L");
        assertThat(Fluid.WATER.unit()).isEqualTo("L");
        assertThat(Fluid.ELECTRICITY.baseUnitsPerUnit()).isEqualTo(1000);
        assertThat(Fluid.GAS.baseUnitsPerUnit()).isEqualTo(1000);
        assertThat(Fluid.WATER.baseUnitsPerUnit()).isEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource({"base,BASE", "BASE,BASE", "BA,BASE", "' ',BASE", "hphc,HPHC", "HC..,HPHC", "Heures Creuses,HPHC",
        "tempo,TEMPO", "BBR(,TEMPO", "EJP.,EJP", "ejp,EJP", "H PLEINE/CREUSE,HPHC", "' Tempo ',TEMPO", "HP/HC,HPHC", "'hp hc',HPHC"})
    void tariffOptionsAreReadInTheMetersSpellings(String spelling, TariffOption option) {
        assertThat(TariffOption.parse(spelling)).isEqualTo(option);
    }

    @Test
    void noTariffOptionIsBaseButAnUnknownOneIsRefused() {
        assertThat(TariffOption.parse(null)).isEqualTo(TariffOption.BASE);
        assertThatThrownBy(() -> TariffOption.parse("weekend")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tariff option: expected base, hphc, tempo or ejp, got 'weekend'");
    }

    /** On the command line only the names are accepted: {@code hc} there is more likely a typo than a meter's OPTARIF. */
    @Test
    void namedTariffOptionsAreTheNamesOnly() {
        assertThat(TariffOption.named(" Tempo ")).isEqualTo(TariffOption.TEMPO);
        assertThatThrownBy(() -> TariffOption.named("hc")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown option 'hc': expected base, hphc, tempo or ejp");
    }

    @ParameterizedTest
    @CsvSource({"BASE,SUPPLIER_01,BASE", "HPHC,SUPPLIER_01,HC", "HPHC,SUPPLIER_02,HP", "TEMPO,SUPPLIER_01,TEMPO_BLUE_HC",
        "TEMPO,SUPPLIER_04,TEMPO_WHITE_HP", "TEMPO,SUPPLIER_05,TEMPO_RED_HC", "TEMPO,SUPPLIER_06,TEMPO_RED_HP",
        "EJP,SUPPLIER_01,EJP_HN", "EJP,SUPPLIER_02,EJP_HPM",
        // Registers the option does not name keep their own name; historique register names are periods already.
        "BASE,SUPPLIER_02,SUPPLIER_02", "TEMPO,SUPPLIER_07,SUPPLIER_07", "HPHC,HC,HC"})
    void supplierRegistersTakeTheOptionsPeriods(TariffOption option, String register, String period) {
        assertThat(option.defaultPeriod(register)).isEqualTo(period);
    }

    @Test
    void tempoPeriodsAreNamedByColourAndHour() {
        for (TempoColour c : TempoColour.values()) {
            assertThat(TariffPeriod.tempo(c, true).name()).isEqualTo("TEMPO_" + c + "_HC");
            assertThat(TariffPeriod.tempo(c, false).name()).isEqualTo("TEMPO_" + c + "_HP");
        }
    }

    @Test
    void tempoColoursRoundTripThroughTheirReadingCodes() {
        assertThat(TempoColour.BLUE.code()).isEqualTo(1);
        assertThat(TempoColour.WHITE.code()).isEqualTo(2);
        assertThat(TempoColour.RED.code()).isEqualTo(3);
        for (TempoColour c : TempoColour.values()) {
            assertThat(TempoColour.ofCode(c.code())).contains(c);
        }
        assertThat(TempoColour.ofCode(0)).isEmpty();
        assertThat(TempoColour.ofCode(4)).isEmpty();
        assertThat(TempoColour.ofCode(-1)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"BLUE,BLUE", "bleu,BLUE", "Tempo_Bleu,BLUE", " white ,WHITE", "BLANC,WHITE", "tempo_blanc,WHITE",
        "red,RED", "ROUGE,RED", "TEMPO_ROUGE,RED"})
    void tempoColoursAreReadAsOperatorsWriteThem(String spelling, TempoColour colour) {
        assertThat(TempoColour.parse(spelling)).isEqualTo(colour);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "violet", "BLAN", "1"})
    void otherColoursAreRefused(String spelling) {
        assertThatThrownBy(() -> TempoColour.parse(spelling)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void registerChannelsAreNamedByPeriod() {
        assertThat(Channels.index(TariffPeriod.HP)).isEqualTo("index.HP").isEqualTo(Channels.index("HP"));
        assertThat(Channels.isIndex(Channels.index(TariffPeriod.TEMPO_RED_HC))).isTrue();
        assertThat(Channels.phase("current", 2)).isEqualTo("current.2");
    }
}
