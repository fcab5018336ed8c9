package org.ecofoyer.tools.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ecofoyer.core.TariffOption;
import org.ecofoyer.drivers.tic.TicDecoder;
import org.ecofoyer.drivers.tic.TicFrame;
import org.ecofoyer.drivers.tic.TicHorodate;
import org.ecofoyer.drivers.tic.TicMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MeterSimulatorTest {
    private static List<TicFrame> run(MeterSimulator sim, Instant start, Duration step, int n, List<Integer> corrupted) {
        List<TicFrame> out = new ArrayList<>();
        TicDecoder d = TicDecoder.auto(out::add);
        for (int i = 0; i < n; i++) {
            MeterSimulator.Frame f = sim.next(start.plus(step.multipliedBy(i)));
            corrupted.add(f.corruptedGroups());
            d.feed(f.bytes());
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource({"HISTORIQUE,BASE,1,false", "HISTORIQUE,HPHC,3,false", "HISTORIQUE,TEMPO,1,false", "HISTORIQUE,EJP,3,false",
        "STANDARD,BASE,1,false", "STANDARD,HPHC,3,true", "STANDARD,TEMPO,1,false", "STANDARD,EJP,3,true"})
    void everyConfigurationGivesValidFramesWithGrowingIndexes(TicMode mode, TariffOption option, int phases, boolean producer) {
        MeterSimulator sim = new MeterSimulator(new MeterSimulator.Config(mode, option, phases, producer, 42, 0));
        List<TicFrame> frames = run(sim, Instant.parse("2026-01-15T05:00:00Z"), Duration.ofMinutes(7), 300, new ArrayList<>());
        assertThat(frames).hasSize(300).allSatisfy(f -> {
            assertThat(f.mode()).isEqualTo(mode);
            assertThat(f.invalidGroups()).isZero();
            assertThat(f.unknownLabels()).isEmpty();
            assertThat(f.meterId()).contains(sim.serial());
            assertThat(f.phases()).isEqualTo(phases);
            assertThat(f.totalIndex()).isPresent();
            assertThat(f.currentRegister()).isPresent();
        });
        for (int i = 1; i < frames.size(); i++) {
            TicFrame a = frames.get(i - 1);
            TicFrame b = frames.get(i);
            b.indexes().forEach((ch, v) -> assertThat(v).as(ch).isGreaterThanOrEqualTo(a.indexes().get(ch)));
        }
        // 35 hours of a household: at least a few kWh.
        long used = frames.get(299).totalIndex().getAsLong() - frames.get(0).totalIndex().getAsLong();
        assertThat(used).isBetween(5_000L, 150_000L);
        if (producer) {
            assertThat(frames.get(299).injectedIndex().getAsLong()).isGreaterThan(frames.get(0).injectedIndex().getAsLong());
        }
    }

    @Test
    void hpHcPeriodsFollowTheOffPeakHours() {
        MeterSimulator sim = new MeterSimulator(new MeterSimulator.Config(TicMode.HISTORIQUE, TariffOption.HPHC, 1, false, 1, 0));
        // 23:00 Paris in January = 22:00 UTC: off-peak; 12:00 Paris: peak.
        TicFrame night = TicDecoder.decodeAll(Optional.empty(), sim.next(Instant.parse("2026-01-15T22:00:00Z")).bytes()).get(0);
        TicFrame noon = TicDecoder.decodeAll(Optional.empty(), sim.next(Instant.parse("2026-01-16T11:00:00Z")).bytes()).get(0);
        assertThat(night.currentPeriod()).contains("HC..");
        assertThat(noon.currentPeriod()).contains("HP..");
        assertThat(noon.indexes().get("index.HC")).isGreaterThan(night.indexes().get("index.HC"));
    }

    @Test
    void continuesAStoredHistoryWithoutGoingBack() {
        MeterSimulator sim = new MeterSimulator(new MeterSimulator.Config(TicMode.HISTORIQUE, TariffOption.HPHC, 1, false, 5, 0))
                .continueFrom(Instant.parse("2026-01-15T10:30:00Z"), 8_765_000L, 12_345_000L);
        // 11:00 UTC is noon in Paris (peak): the half-hour since 10:30 goes to HP, HC stays where the history left it.
        TicFrame f = TicDecoder.decodeAll(Optional.empty(), sim.next(Instant.parse("2026-01-15T11:00:00Z")).bytes()).get(0);
        assertThat(f.indexes().get("index.HC")).isEqualTo(8_765_000L);
        assertThat(f.indexes().get("index.HP")).isGreaterThan(12_345_000L).isLessThan(12_345_000L + 6_000L);
    }

    @Test
    void standardTempoReportsTheColourInStge() {
        MeterSimulator sim = new MeterSimulator(new MeterSimulator.Config(TicMode.STANDARD, TariffOption.TEMPO, 1, false, 3, 0));
        TicFrame f = TicDecoder.decodeAll(Optional.empty(), sim.next(Instant.parse("2026-01-15T20:00:00Z")).bytes()).get(0);
        assertThat(f.tempoToday()).isPresent();
        assertThat(f.tempoTomorrow()).isPresent(); // announced in the evening
        assertThat(f.meterTime().map(TicHorodate::iso)).contains("2026-01-15T21:00:00+01:00");
        assertThat(f.currentRegister().orElseThrow()).startsWith("index.SUPPLIER_0");
    }

    @Test
    void injectedCorruptionIsExactlyWhatTheDecoderDrops() {
        MeterSimulator sim = new MeterSimulator(new MeterSimulator.Config(TicMode.STANDARD, TariffOption.BASE, 3, false, 9, 0.05));
        List<Integer> corrupted = new ArrayList<>();
        List<TicFrame> frames = run(sim, Instant.parse("2026-06-01T10:00:00Z"), Duration.ofSeconds(2), 200, corrupted);
        int injected = corrupted.stream().mapToInt(Integer::intValue).sum();
        assertThat(injected).isGreaterThan(100);
        assertThat(frames.stream().mapToInt(TicFrame::invalidGroups).sum()).isEqualTo(injected);
    }

    @Test
    void invalidConfigurationsAreRejected() {
        assertThatThrownBy(() -> new MeterSimulator.Config(TicMode.HISTORIQUE, TariffOption.BASE, 1, true, 1, 0))
                .hasMessageStartingWith("producer: ");
        assertThatThrownBy(() -> new MeterSimulator.Config(TicMode.STANDARD, TariffOption.BASE, 2, false, 1, 0))
                .hasMessageStartingWith("phases: ");
        assertThatThrownBy(() -> new MeterSimulator.Config(TicMode.STANDARD, TariffOption.BASE, 1, false, 1, 1.5))
                .hasMessageStartingWith("errorRate: ");
    }
}
