package org.ecofoyer.ingest.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.ecofoyer.core.TariffOption;
import org.ecofoyer.drivers.Reading;
import org.ecofoyer.ingest.writer.MeterFacts;
import org.junit.jupiter.api.Test;

/** Only what changed is handed on: a meter repeats its subscription and maxima in every frame. */
class MeterFactsLearnerTest {
    private static final Instant T = Instant.parse("2026-12-07T08:00:00Z");
    private static final Instant MAX_AT = Instant.parse("2026-12-07T07:15:00Z");

    private static List<Reading> frame(Instant at, long kva, long va) {
        return List.of(new Reading("m", at, "index.total", 1000), new Reading("m", at, "contract.kva", kva),
                new Reading("m", at, "contract.option", TariffOption.TEMPO.code()), new Reading("m", MAX_AT, "power.max.meter", va),
                new Reading("m", MAX_AT, "power.max.meter.2", va / 3), new Reading("m", at, "power.apparent", 500));
    }

    @Test
    void aRepeatedFrameHandsOnNothingAndItsReadingsGoOnWithoutTheFacts() {
        MeterFactsLearner l = new MeterFactsLearner();
        MeterFactsLearner.Taken first = l.take("m", frame(T, 9, 5230));
        assertThat(first.readings()).extracting(Reading::channel).containsExactly("index.total", "power.apparent");
        assertThat(first.facts().contracts()).containsExactly(new MeterFacts.Contract(T, 9, TariffOption.TEMPO));
        assertThat(first.facts().maxima()).containsExactly(new MeterFacts.Maximum(0, 5230, MAX_AT), new MeterFacts.Maximum(2, 1743, MAX_AT));
        for (int s = 1; s <= 100; s++) {
            MeterFactsLearner.Taken again = l.take("m", frame(T.plusSeconds(s), 9, 5230));
            assertThat(again.facts()).isNull();
            assertThat(again.readings()).hasSize(2);
        }
    }

    @Test
    void aChangeIsHandedOnWithWhatTheMeterToldBefore() {
        MeterFactsLearner l = new MeterFactsLearner();
        l.take("m", frame(T, 9, 5230));
        MeterFactsLearner.Taken changed = l.take("m", List.of(new Reading("m", T.plusSeconds(60), "contract.kva", 6)));
        assertThat(changed.facts().contracts()).containsExactly(new MeterFacts.Contract(T.plusSeconds(60), 6, TariffOption.TEMPO));
        MeterFactsLearner.Taken higher = l.take("m", frame(T.plusSeconds(120), 6, 6000));
        assertThat(higher.facts().contracts()).isEmpty();
        assertThat(higher.facts().maxima()).containsExactly(new MeterFacts.Maximum(0, 6000, MAX_AT), new MeterFacts.Maximum(2, 2000, MAX_AT));
    }

    @Test
    void aMessageWithoutFactsIsPassedOnAsItIsAndAForgottenMeterIsToldAgain() {
        MeterFactsLearner l = new MeterFactsLearner();
        List<Reading> plain = List.of(new Reading("m", T, "index.total", 1000));
        assertThat(l.take("m", plain).readings()).isSameAs(plain);
        l.take("m", frame(T, 9, 5230));
        l.forget("m"); // its write failed
        assertThat(l.take("m", frame(T.plusSeconds(1), 9, 5230)).facts().contracts()).hasSize(1);
        assertThat(l.take("other", frame(T, 9, 5230)).facts()).isNotNull(); // per meter
    }

    @Test
    void phasesAreReadFromTheChannelOnly() {
        assertThat(MeterFactsLearner.phaseOf("power.max.meter")).isZero();
        assertThat(MeterFactsLearner.phaseOf("power.max.meter.3")).isEqualTo(3);
        assertThat(MeterFactsLearner.phaseOf("power.max.meter.4")).isEqualTo(-1);
        assertThat(MeterFactsLearner.phaseOf("contract.xyzabc1")).isEqualTo(-1);
    }
}
