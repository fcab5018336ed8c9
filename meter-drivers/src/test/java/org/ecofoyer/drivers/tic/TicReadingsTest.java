package org.ecofoyer.drivers.tic;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.ecofoyer.core.Channels;
import org.ecofoyer.drivers.Reading;
import org.junit.jupiter.api.Test;

/** The tariff rules that project a frame's labels onto core's channels (the captures check them on real frames too). */
class TicReadingsTest {
    private static TicFrame historique(String... labelsAndData) {
        TicFrame.Builder b = TicFrame.builder(TicMode.HISTORIQUE).strictLengths(false);
        for (int i = 0; i < labelsAndData.length; i += 2) {
            b.add(labelsAndData[i], labelsAndData[i + 1]);
        }
        return b.build();
    }

    @Test
    void everyHistoriquePeriodNamesItsRegister() {
        assertThat(TicReadings.currentRegister(historique("PTEC", "TH.."))).contains("index.BASE");
        assertThat(TicReadings.currentRegister(historique("PTEC", "HC.."))).contains("index.HC");
        assertThat(TicReadings.currentRegister(historique("PTEC", "HP.."))).contains("index.HP");
        assertThat(TicReadings.currentRegister(historique("PTEC", "HN.."))).contains("index.EJP_HN");
        assertThat(TicReadings.currentRegister(historique("PTEC", "PM.."))).contains("index.EJP_HPM");
        assertThat(TicReadings.currentRegister(historique("PTEC", "HPJR"))).contains("index.TEMPO_RED_HP");
        assertThat(TicReadings.currentRegister(historique("PTEC", "HCJB"))).contains("index.TEMPO_BLUE_HC");
        assertThat(TicReadings.currentRegister(historique("PTEC", "XX.."))).isEmpty();
    }

    @Test
    void theStandardRegisterIsNtarfsSupplierIndex() {
        TicFrame.Builder b = TicFrame.builder(TicMode.STANDARD).strictLengths(false);
        b.add("NTARF", "02");
        assertThat(TicReadings.currentRegister(b.build())).contains("index.SUPPLIER_02");
    }

    @Test
    void theHistoriqueTotalNeedsEveryRegisterOfTheOption() {
        TicFrame both = historique("OPTARIF", "HC..", "HCHC", "000001000", "HCHP", "000002000");
        assertThat(TicReadings.totalIndex(both)).hasValue(3000);
        assertThat(TicReadings.indexes(both)).containsEntry(Channels.INDEX_TOTAL, 3000L).containsEntry("index.HC", 1000L);
        assertThat(TicReadings.totalIndex(historique("OPTARIF", "HC..", "HCHC", "000001000"))).isEmpty();
        assertThat(TicReadings.totalIndex(historique("HCHC", "000001000", "HCHP", "000002000"))).isEmpty();
    }

    @Test
    void aFrameAnnouncesEjpPeaksAndTempoColoursAsReadings() {
        Instant at = Instant.EPOCH;
        assertThat(TicReadings.of(historique("PTEC", "PM.."), "m", at)).contains(new Reading("m", at, Channels.EJP_PEAK, 1));
        assertThat(TicReadings.of(historique("PTEC", "HN..", "PEJP", "30"), "m", at))
                .contains(new Reading("m", at, Channels.EJP_PEAK, 2));
        assertThat(TicReadings.of(historique("PTEC", "HPJW", "DEMAIN", "ROUG"), "m", at))
                .contains(new Reading("m", at, Channels.TEMPO_TODAY, 2), new Reading("m", at, Channels.TEMPO_TOMORROW, 3));
        TicFrame f = historique("OPTARIF", "BASE", "BASE", "000005000", "PAPP", "00450");
        assertThat(TicReadings.of(f, "m", at)).isEqualTo(f.readings("m", at));
    }
}
