package org.ecofoyer.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.ecofoyer.core.TariffOption;
import org.ecofoyer.tools.sim.MeterSimulator;
import org.ecofoyer.drivers.tic.TicDecoder;
import org.ecofoyer.drivers.tic.TicFrame;
import org.ecofoyer.drivers.tic.TicMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The autumn DST change end to end: a standard-mode capture whose DATE horodates go E 01:55 … E 02:55, H 02:00 …
 * H 03:55 local, imported, rolled up and exported. The two 02:00–03:00 hours must stay apart (told by the season
 * letter), the day must have its 50 half-hours' worth of slots in that window, and no Wh may be lost.
 */
class DstImportTest {
    @TempDir
    Path dir;

    @Test
    void autumnChangeKeepsTheTwoTwoOClockHoursApart() throws Exception {
        MeterSimulator sim = new MeterSimulator(new MeterSimulator.Config(TicMode.STANDARD, TariffOption.BASE, 1, false, 7, 0));
        // 2026-10-25: 00:00 local = 2026-10-24T22:00Z; 04:00 local (winter) = 2026-10-25T03:00Z. A frame every minute.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Instant start = Instant.parse("2026-10-24T22:00:00Z");
        for (int i = 0; i <= 300; i++) {
            bytes.write(sim.next(start.plusSeconds(60L * i)).bytes());
        }
        Path capture = dir.resolve("dst.tic");
        Files.write(capture, bytes.toByteArray());
        List<TicFrame> frames = TicDecoder.decodeAll(Optional.of(TicMode.STANDARD), bytes.toByteArray());
        long first = frames.get(0).totalIndex().orElseThrow();
        long last = frames.get(frames.size() - 1).totalIndex().orElseThrow();
        String data = dir.resolve("data").toString();
        CliTest.Result imp = CliTest.run("--data-dir", data, "import", "tic", capture.toString(), "--meter-id", "dst-meter");
        assertThat(imp.code()).as(imp.err()).isZero();
        CliTest.Result halves = CliTest.run("--data-dir", data, "export", "--meter-id", "dst-meter", "--granularity", "half_hour",
                "--from", "2026-10-25", "--to", "2026-10-26", "--format", "csv");
        assertThat(halves.code()).as(halves.err()).isZero();
        List<String> totals = halves.out().lines().filter(l -> l.contains(",total,")).toList();
        // 5 hours of real time from local 00:00 to 04:00: 10 half-hours, with 02:00 and 02:30 each appearing twice.
        assertThat(totals).hasSize(10);
        assertThat(totals.stream().map(l -> l.substring(0, l.indexOf(','))).toList()).containsExactly(
                "2026-10-25T00:00", "2026-10-25T00:30", "2026-10-25T01:00", "2026-10-25T01:30", "2026-10-25T02:00",
                "2026-10-25T02:30", "2026-10-25T02:00", "2026-10-25T02:30", "2026-10-25T03:00", "2026-10-25T03:30");
        double sumKwh = totals.stream().mapToDouble(l -> Double.parseDouble(l.split(",")[2])).sum();
        assertThat(Math.round(sumKwh * 1000)).isEqualTo(last - first);
        CliTest.Result day = CliTest.run("--data-dir", data, "export", "--meter-id", "dst-meter", "--granularity", "day",
                "--from", "2026-10-25", "--to", "2026-10-26");
        assertThat(day.out()).contains(String.format(java.util.Locale.ROOT, "2026-10-25T00:00,total,%.3f,kWh,", (last - first) / 1000.0));
    }
}
