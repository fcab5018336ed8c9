package org.ecofoyer.drivers.tic;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.ecofoyer.core.TariffOption;
import org.ecofoyer.drivers.Reading;
import org.junit.jupiter.api.Test;

/**
 * The subscription and the daily maxima of real frames (the captures of ../shared/data/tic), with every figure worked
 * out by hand from the groups as sent, and the malformed values the spec does not allow (left out, named, never thrown).
 */
class TicFactsTest {
    private static TicFacts first(String capture) {
        return Captures.decode(capture).frames().get(0).facts();
    }

    @Test
    void historiqueSinglePhaseIsousc15IsThreeKva() {
        // ISOUSC 15 A × 200 V = 3000 VA (§6.1.1: "PREF (en VA)/200 V"); OPTARIF BASE.
        TicFacts f = first(Captures.ENEDIS_HISTORIQUE);
        assertThat(f.kva()).isEqualTo(3);
        assertThat(f.option()).isEqualTo(TariffOption.BASE);
        assertThat(f.optionText()).isEqualTo("BASE");
        assertThat(f.maxima()).isEmpty(); // historique has no daily maximum
        assertThat(f.unusable()).isEmpty();
    }

    @Test
    void historiqueOptarifHcIsHpHcOnEveryFrame() {
        List<TicFrame> frames = Captures.decode(Captures.HISTO_BASE).frames();
        assertThat(frames).hasSize(10);
        assertThat(frames).extracting(fr -> fr.facts().option()).containsOnly(TariffOption.HPHC);
        assertThat(frames).extracting(fr -> fr.facts().kva()).containsOnly(3);
    }

    @Test
    void historiqueThreePhaseIsouscIsPerPhase() {
        // Three-phase: ISOUSC = 1/3 PREF / 200 V (§6.1.2), so 20 A is 3 × 20 × 200 = 12 000 VA, not 4 kVA.
        TicFacts f = first(Captures.HISTO_BASE_TRI);
        assertThat(f.kva()).isEqualTo(12);
        assertThat(f.option()).isEqualTo(TariffOption.BASE);
    }

    @Test
    void standardPrefPcoupAndNgtfFreeText() {
        TicFacts f = first(Captures.ENEDIS_STANDARD);
        assertThat(f.kva()).isEqualTo(3);
        assertThat(f.cutKva()).isEqualTo(2);
        assertThat(f.option()).isEqualTo(TariffOption.HPHC); // NGTF "H PLEINE/CREUSE"
        assertThat(f.optionText()).isEqualTo("H PLEINE/CREUSE");
        // SMAXSN and SMAXSN-1 are 00000 in this frame (nothing recorded, SMAXSN-1 stamped midnight): left out, named.
        assertThat(f.maxima()).isEmpty();
        assertThat(f.unusable()).containsExactly("SMAXSN=00000", "SMAXSN-1=00000");
    }

    @Test
    void aBadPcoupGroupLeavesTheRestOfTheContract() {
        TicFacts f = first(Captures.ENEDIS_STANDARD_PCOUP_INVALID);
        assertThat(f.cutKva()).isNull();
        assertThat(f.kva()).isEqualTo(3);
        assertThat(f.option()).isEqualTo(TariffOption.HPHC);
    }

    @Test
    void standardThreePhaseMaximaPerPhaseWithTheirHorodates() {
        TicFacts f = first(Captures.STAND_BASE_TRI);
        assertThat(f.kva()).isEqualTo(12);
        assertThat(f.option()).isEqualTo(TariffOption.BASE); // NGTF "      BASE      ", padded
        // Horodates in summer time ('E', UTC+2): SMAXSN E210415081021 → 2021-04-15T06:10:21Z.
        assertThat(f.maxima()).containsExactly(
                new TicFacts.DailyMax(0, 7337, Instant.parse("2021-04-15T06:10:21Z"), false),
                new TicFacts.DailyMax(0, 5487, Instant.parse("2021-04-14T01:27:33Z"), true),
                new TicFacts.DailyMax(1, 2892, Instant.parse("2021-04-15T03:27:15Z"), false),
                new TicFacts.DailyMax(1, 2196, Instant.parse("2021-04-14T03:21:43Z"), true),
                new TicFacts.DailyMax(2, 2787, Instant.parse("2021-04-15T06:07:48Z"), false),
                new TicFacts.DailyMax(2, 1803, Instant.parse("2021-04-14T01:26:14Z"), true),
                new TicFacts.DailyMax(3, 2762, Instant.parse("2021-04-15T14:17:27Z"), false),
                new TicFacts.DailyMax(3, 2561, Instant.parse("2021-04-14T09:43:44Z"), true));
        assertThat(f.maxima().get(2).channel()).isEqualTo("power.max.meter.1");
        assertThat(f.maxima().get(0).channel()).isEqualTo("power.max.meter");
    }

    @Test
    void theCorruptedCaptureGivesWhatSurvivesAndNeverThrows() {
        // stand_base.txt lost bytes in transit (12 of 88 groups fail their checks): what passed is read as sent.
        for (TicFrame fr : Captures.decode(Captures.STAND_BASE_CORRUPTED).frames()) {
            TicFacts f = fr.facts();
            if (f.kva() != null) {
                assertThat(f.kva()).isEqualTo(9);
            }
            assertThat(f.maxima()).allSatisfy(m -> assertThat(m.va()).isPositive());
            fr.readings("m", Instant.EPOCH); // the projection never throws either
        }
    }

    @Test
    void theReadingsOfTheFactsAreStampedAsTheMeterSays() {
        TicFrame fr = Captures.decode(Captures.STAND_BASE_TRI).frames().get(0);
        Instant at = fr.instant().orElseThrow();
        List<Reading> r = fr.readings("m", at);
        assertThat(r).contains(new Reading("m", at, "contract.kva", 12), new Reading("m", at, "contract.option", TariffOption.BASE.code()),
                new Reading("m", Instant.parse("2021-04-15T06:10:21Z"), "power.max.meter", 7337),
                new Reading("m", Instant.parse("2021-04-14T09:43:44Z"), "power.max.meter.3", 2561));
    }

    private static TicFrame standard(String... labelHorodateData) {
        TicFrame.Builder b = TicFrame.builder(TicMode.STANDARD);
        for (int i = 0; i < labelHorodateData.length; i += 3) {
            b.add(labelHorodateData[i], labelHorodateData[i + 1], labelHorodateData[i + 2]);
        }
        return b.build();
    }

    @Test
    void valuesTheSpecDoesNotAllowAreLeftOutAndNamed() {
        TicFacts f = standard("PREF", null, "00", "PCOUP", null, "40", "NGTF", null, "  BLEU CIEL     ",
                "SMAXSN-1", "H201231190000", "00000").facts();
        assertThat(f.kva()).isNull();
        assertThat(f.cutKva()).isNull();
        assertThat(f.option()).isNull();
        assertThat(f.optionText()).isEqualTo("BLEU CIEL");
        assertThat(f.maxima()).isEmpty();
        assertThat(f.hasContract()).isFalse();
        assertThat(f.unusable()).containsExactly("PREF=00", "PCOUP=40", "NGTF=BLEU CIEL", "SMAXSN-1=00000");
        assertThat(f.readings("m", Instant.EPOCH)).isEmpty();
    }

    @Test
    void aMaximumWithoutATimeNeverReachesTheFacts() {
        // A space season (no time) is legal for DPMx/FPMx only: the decoder's group check drops it for SMAXSN.
        TicFrame.Builder b = TicFrame.builder(TicMode.STANDARD);
        assertThat(b.add("SMAXSN", "             ", "04000")).isFalse();
        assertThat(b.build().facts().maxima()).isEmpty();
    }

    @Test
    void anIsouscThatIsNoWholeKvaIsUnusable() {
        TicFrame.Builder b = TicFrame.builder(TicMode.HISTORIQUE);
        b.add("ISOUSC", "16"); // 3.2 kVA: no such subscription
        b.add("OPTARIF", "BBR(");
        TicFacts f = b.build().facts();
        assertThat(f.kva()).isNull();
        assertThat(f.option()).isEqualTo(TariffOption.TEMPO);
        assertThat(f.unusable()).containsExactly("ISOUSC=16");
    }

    @Test
    void aWinterHorodateIsUtcPlusOneAndADegradedClockStillPlacesTheMaximum() {
        TicFacts f = standard("SMAXSN", "H261207081500", "05230", "SMAXSN-1", "h261206191200", "06110").facts();
        assertThat(f.maxima()).containsExactly(
                new TicFacts.DailyMax(0, 5230, Instant.parse("2026-12-07T07:15:00Z"), false),
                new TicFacts.DailyMax(0, 6110, Instant.parse("2026-12-06T18:12:00Z"), true));
    }
}
