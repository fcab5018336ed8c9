package org.ecofoyer.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.ecofoyer.drivers.Reading;
import org.junit.jupiter.api.Test;

class DownsamplerTest {
    private static final Instant T = Instant.parse("2026-03-01T10:28:00Z");

    private static Reading index(int secondsAfter, long wh) {
        return new Reading("M", T.plusSeconds(secondsAfter), "index.total", wh);
    }

    private static List<String> keys(List<Reading> rs) {
        return rs.stream().map(r -> r.channel() + "@" + r.instant().toString().substring(11, 19) + "=" + r.value()).toList();
    }

    @Test
    void keepsAnIndexAtMostEveryMinuteAndTheLastValueBeforeEachHalfHourBoundary() {
        Downsampler<String> d = new Downsampler<>("M", DownsamplingConfig.DEFAULTS);
        List<Reading> kept = new ArrayList<>();
        // a frame every 10 s from 10:28:00 to 10:31:00, the index growing by 1 Wh each time
        for (int i = 0; i <= 18; i++) {
            kept.addAll(d.accept(List.of(index(i * 10, i)), "frame" + i, 0).keep);
        }
        assertThat(keys(kept)).containsExactly(
                "index.total@10:28:00=0",
                "index.total@10:29:00=6",
                "index.total@10:29:50=11", // the last value before 10:30:00, written when 10:30:00 arrived
                "index.total@10:30:50=17");
    }

    @Test
    void anIdleRegisterIsNotStoredAgainAtEachBoundaryButItsLastStillValueIsKeptWhenItMoves() {
        Downsampler<String> d = new Downsampler<>("M", DownsamplingConfig.DEFAULTS);
        List<Reading> kept = new ArrayList<>();
        // a frame every 10 s from 10:28:00 to 11:05:00; the index stays at 500 until 11:04:00, then rises by 1 Wh a frame
        for (int i = 0; i <= 222; i++) {
            kept.addAll(d.accept(List.of(index(i * 10, i < 216 ? 500 : 500 + i - 215)), "frame" + i, 0).keep);
        }
        assertThat(keys(kept)).containsExactly(
                "index.total@10:28:00=500",  // crossing 10:30 and 11:00 unchanged: nothing new to store
                "index.total@11:03:50=500",  // the last still value, stored with the first move
                "index.total@11:04:00=501",
                "index.total@11:05:00=507"); // moving: at most one a minute again
        // at every boundary the last stored value at or before it is the true index there (500)
    }

    @Test
    void aHeldBoundaryValueKeepsItsMessagePendingUntilItIsWrittenOrReplaced() {
        Downsampler<String> d = new Downsampler<>("M", DownsamplingConfig.DEFAULTS);
        d.accept(List.of(index(0, 0)), "a", 0);
        Downsampler.Step<String> b = d.accept(List.of(index(100, 1)), "b", 0); // 10:29:40, kept (changed, > 60 s)
        Downsampler.Step<String> c = d.accept(List.of(index(110, 1)), "c", 0); // 10:29:50, held
        Downsampler.Step<String> e = d.accept(List.of(index(115, 2)), "e", 0); // 10:29:55, held, replaces c
        Downsampler.Step<String> f = d.accept(List.of(index(125, 3)), "f", 0); // 10:30:05: e goes out with f

        assertThat(b.held).isZero();
        assertThat(c.held).isEqualTo(1);
        assertThat(e.held).isEqualTo(1);
        assertThat(e.superseded).containsExactly("c");
        assertThat(f.flushed).containsExactly("e");
        assertThat(keys(f.keep)).containsExactly("index.total@10:29:55=2");
        assertThat(f.held).isEqualTo(1);
    }

    @Test
    void apparentPowerBecomesPerMinuteMeanAndMax() {
        Downsampler<String> d = new Downsampler<>("M", DownsamplingConfig.DEFAULTS);
        List<Reading> kept = new ArrayList<>();
        long[] va = {100, 200, 301, 50};
        for (int i = 0; i < va.length; i++) {
            kept.addAll(d.accept(List.of(new Reading("M", T.plusSeconds(i * 20), "power.apparent", va[i])), "p" + i, 0).keep);
        }
        // 10:28:00 .. 10:28:40 → mean of 100, 200, 301 = 200.33 → 200; max 301; written when 10:29:00 arrives
        assertThat(keys(kept)).containsExactly("power.apparent.mean_1m@10:28:00=200", "power.apparent.max_1m@10:28:00=301");
        assertThat(keys(d.flushAll().keep)).containsExactly("power.apparent.mean_1m@10:29:00=50", "power.apparent.max_1m@10:29:00=50");
    }

    @Test
    void aQuietMeterHasItsHeldValuesWrittenAfterTheIdleDelay() {
        DownsamplingConfig cfg = new DownsamplingConfig(true, null, null, null, Duration.ofSeconds(30));
        Downsampler<String> d = new Downsampler<>("M", cfg);
        d.accept(List.of(index(0, 0)), "a", 0);
        d.accept(List.of(index(10, 1)), "b", 0);

        assertThat(d.flushIdle(Duration.ofSeconds(29).toNanos()).keep).isEmpty();
        Downsampler.Step<String> s = d.flushIdle(Duration.ofSeconds(30).toNanos());
        assertThat(keys(s.keep)).containsExactly("index.total@10:28:10=1");
        assertThat(s.flushed).containsExactly("b");
    }

    @Test
    void olderOrRedeliveredReadingsPassThroughAndDisabledKeepsEverything() {
        Downsampler<String> d = new Downsampler<>("M", DownsamplingConfig.DEFAULTS);
        d.accept(List.of(index(0, 0)), "a", 0);
        d.accept(List.of(index(30, 1)), "b", 0);
        assertThat(keys(d.accept(List.of(index(0, 0)), "a-again", 0).keep)).containsExactly("index.total@10:28:00=0");

        Downsampler<String> off = new Downsampler<>("M", DownsamplingConfig.OFF);
        assertThat(off.accept(List.of(index(0, 0), index(1, 0)), "x", 0).keep).hasSize(2);
    }

    @Test
    void otherInstantaneousValuesAreSampledAndUtilityValuesPassThrough() {
        Downsampler<String> d = new Downsampler<>("M", DownsamplingConfig.DEFAULTS);
        List<Reading> kept = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            kept.addAll(d.accept(List.of(new Reading("M", T.plusSeconds(i * 20), "voltage.1", 230 + i),
                    new Reading("M", T.plusSeconds(i * 20), "energy.daily", 1000 + i)), "v" + i, 0).keep);
        }
        assertThat(keys(kept).stream().filter(k -> k.startsWith("voltage")).toList())
                .containsExactly("voltage.1@10:28:00=230", "voltage.1@10:29:00=233", "voltage.1@10:30:00=236");
        assertThat(kept.stream().filter(r -> r.channel().equals("energy.daily")).count()).isEqualTo(7);
    }
}
