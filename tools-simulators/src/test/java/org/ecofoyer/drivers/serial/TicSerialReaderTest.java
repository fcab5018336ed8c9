package org.ecofoyer.drivers.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ecofoyer.core.TariffOption;
import org.ecofoyer.tools.sim.MeterSimulator;
import org.ecofoyer.drivers.tic.TicFrame;
import org.ecofoyer.drivers.tic.TicMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end through real pseudo-terminal pairs: simulated meter → socat → jSerialComm → decoder. */
class TicSerialReaderTest {
    private static MeterSimulator meter(TicMode mode, int phases) {
        return new MeterSimulator(new MeterSimulator.Config(mode, TariffOption.HPHC, phases, false, 7, 0));
    }

    @Test
    void autoSpeedAndModeFindAHistoriqueMeter(@TempDir Path dir) throws Exception {
        SocatPair.socat();
        List<TicFrame> frames = new CopyOnWriteArrayList<>();
        try (SocatPair pair = SocatPair.start(dir);
             SimulatedMeter m = new SimulatedMeter(pair.meterEnd, meter(TicMode.HISTORIQUE, 1), 30);
             TicSerialReader r = new TicSerialReader(TicSerialReader.Settings.auto(pair.readerEnd.toString()), frames::add).start()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> frames.size() >= 3);
            assertThat(r.mode()).contains(TicMode.HISTORIQUE);
            assertThat(r.baud()).isPresent();
            assertThat(frames).allSatisfy(f -> {
                assertThat(f.mode()).isEqualTo(TicMode.HISTORIQUE);
                assertThat(f.totalIndex()).isPresent();
            });
            // Frames are whole: the first one may have been joined mid-way and dropped, never a frame with bad groups.
            assertThat(frames.stream().mapToInt(TicFrame::invalidGroups).sum()).isZero();
            assertThat(r.stats().opens()).isGreaterThanOrEqualTo(1);
            assertThat(r.stats().outages()).isZero();
        }
    }

    @Test
    void fixedSpeedStandardThreePhase(@TempDir Path dir) throws Exception {
        SocatPair.socat();
        List<TicFrame> frames = new CopyOnWriteArrayList<>();
        TicSerialReader.Settings s = TicSerialReader.Settings.auto("").withBaud(OptionalInt.of(9600)).withMode(Optional.of(TicMode.STANDARD));
        try (SocatPair pair = SocatPair.start(dir);
             SimulatedMeter m = new SimulatedMeter(pair.meterEnd, meter(TicMode.STANDARD, 3), 20);
             TicSerialReader r = new TicSerialReader(new TicSerialReader.Settings(pair.readerEnd.toString(), s.baud(), s.mode(),
                     s.detectWindow(), s.minBackoff(), s.maxBackoff()), frames::add).start()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> frames.size() >= 3);
            assertThat(r.baud()).hasValue(9600);
            assertThat(frames.get(2).phases()).isEqualTo(3);
            assertThat(frames.get(2).size()).isGreaterThan(50);
        }
    }

    @Test
    void unplugAndReplugReconnectsWithBackoffAndCountsOneOutage(@TempDir Path dir) throws Exception {
        SocatPair.socat();
        List<TicFrame> frames = new CopyOnWriteArrayList<>();
        TicSerialReader.Settings s = TicSerialReader.Settings.auto(dir.resolve("dongle").toString())
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(400));
        try (TicSerialReader r = new TicSerialReader(s, frames::add)) {
            SocatPair pair = SocatPair.start(dir);
            SimulatedMeter m = new SimulatedMeter(pair.meterEnd, meter(TicMode.STANDARD, 1), 20);
            r.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> frames.size() >= 2);
            pair.close(); // unplug: both ptys vanish
            m.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> r.stats().outages() == 1 && !r.stats().connected());
            int before = frames.size();
            // Replug: a fresh pty pair behind the same path (reopening the same pty can fail with error 22).
            try (SocatPair again = SocatPair.start(dir);
                 SimulatedMeter m2 = new SimulatedMeter(again.meterEnd, meter(TicMode.STANDARD, 1), 20)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> frames.size() >= before + 2);
                assertThat(r.stats().outages()).isEqualTo(1);
                assertThat(r.stats().opens()).isGreaterThanOrEqualTo(2);
                assertThat(r.stats().connected()).isTrue();
            }
        }
    }
}
