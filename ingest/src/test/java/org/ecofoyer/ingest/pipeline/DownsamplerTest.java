package org.ecofoyer.ingest.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        Downsampler<String> d = new Downsampler<>("M", DownsamplingConfig.DEFAULTS, 0);
        List<Reading> kept = new ArrayList<>();
        // a frame every 10 s from 10:28:00 to 10:31:00, the index growing by 1 Wh each time
        for (int i = 0; i <= 18; i++) {
            kept.addAll(d.accept(List.of(index(i * 10, i)), "frame" + i, 0).keep);
        }
        assertThat(keys(kept)).containsExactly(
                "index.total@10:28:00=0",
                "index.total@10:29:00=6",
                "index.total@10:29:50=11", // the last value before 10:30:00, written when 10:30:00 arrived
                "index.total@10:30:00=12", // a minute after 10:29:00: boundary values do not shift the minutes
                "index.total@10:31:00=18");
    }

    @Test
    void anIdleRegisterIsNotStoredAgainAtEachBoundaryButItsLastStillValueIsKeptWhenItMoves() {
        Downsampler<String> d = new Downsampler<>("M", DownsamplingConfig.DEFAULTS, 0);
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
        Downsampler<String> d = new Downsampler<>("M", DownsamplingConfig.DEFAULTS, 0);
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
        Downsampler<String> d = new Downsampler<>("M", DownsamplingConfig.DEFAULTS, 0);
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
        DownsamplingConfig cfg = new DownsamplingConfig(true, null, null, null, Duration.ofSeconds(30), false);
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
        Downsampler<String> d = new Downsampler<>("M", DownsamplingConfig.DEFAULTS, 0);
        d.accept(List.of(index(0, 0)), "a", 0);
        d.accept(List.of(index(30, 1)), "b", 0);
        assertThat(keys(d.accept(List.of(index(0, 0)), "a-again", 0).keep)).containsExactly("index.total@10:28:00=0");

        Downsampler<String> off = new Downsampler<>("M", DownsamplingConfig.OFF);
        assertThat(off.accept(List.of(index(0, 0), index(1, 0)), "x", 0).keep).hasSize(2);
    }

    @Test
    void otherInstantaneousValuesAreSampledAndUtilityValuesPassThrough() {
        Downsampler<String> d = new Downsampler<>("M", DownsamplingConfig.DEFAULTS, 0);
        List<Reading> kept = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            kept.addAll(d.accept(List.of(new Reading("M", T.plusSeconds(i * 20), "voltage.1", 230 + i),
                    new Reading("M", T.plusSeconds(i * 20), "energy.daily", 1000 + i)), "v" + i, 0).keep);
        }
        assertThat(keys(kept).stream().filter(k -> k.startsWith("voltage")).toList())
                .containsExactly("voltage.1@10:28:00=230", "voltage.1@10:29:00=233", "voltage.1@10:30:00=236");
        assertThat(kept.stream().filter(r -> r.channel().equals("energy.daily")).count()).isEqualTo(7);
    }

    @Test
    void onAStaggeredMeterValuesAreStoredAtItsPhaseAndAMinuteOfPowerInTheNextMinute() {
        Downsampler<String> d = new Downsampler<>("M", DownsamplingConfig.DEFAULTS, 0.5); // slots at :30
        Map<String, String> writtenAt = new LinkedHashMap<>();
        // a frame every 2 s from 10:28:00 to 10:31:00: the index rises by 1 Wh, the power by 1 VA a frame
        for (int i = 0; i <= 90; i++) {
            Instant t = T.plusSeconds(2L * i);
            List<Reading> frame = List.of(new Reading("M", t, "index.total", 1000 + i), new Reading("M", t, "power.apparent", 300 + i),
                    new Reading("M", t, "voltage.1", 230));
            for (String k : keys(d.accept(frame, "f" + i, 0).keep)) {
                writtenAt.put(k, t.toString().substring(11, 19));
            }
        }
        assertThat(writtenAt).containsExactly(
                Map.entry("index.total@10:28:00=1000", "10:28:30"),     // the first value, written at the slot
                Map.entry("voltage.1@10:28:30=230", "10:28:30"),        // sampling starts at the slot
                Map.entry("index.total@10:29:30=1045", "10:29:30"),     // then once a minute, on the slot
                Map.entry("voltage.1@10:29:30=230", "10:29:30"),
                // 10:28:00-10:28:58 is 300..329 VA: mean 314.5 -> 315, max 329; written at this meter's phase
                Map.entry("power.apparent.mean_1m@10:28:00=315", "10:29:30"),
                Map.entry("power.apparent.max_1m@10:28:00=329", "10:29:30"),
                Map.entry("index.total@10:29:58=1059", "10:30:30"),     // the last value before 10:30, at the next slot
                Map.entry("index.total@10:30:30=1075", "10:30:30"),
                Map.entry("voltage.1@10:30:30=230", "10:30:30"),
                Map.entry("power.apparent.mean_1m@10:29:00=345", "10:30:30"), // 330..359 VA
                Map.entry("power.apparent.max_1m@10:29:00=359", "10:30:30"));
    }

    @Test
    void aStaggeredMetersBoundaryValueKeepsItsMessagePendingUntilItsSlot() {
        Downsampler<String> d = new Downsampler<>("M", DownsamplingConfig.DEFAULTS, 0.5); // slots at :30
        Downsampler.Step<String> a = d.accept(List.of(index(0, 0)), "a", 0);    // 10:28:00: the first value, held until the slot
        Downsampler.Step<String> b = d.accept(List.of(index(30, 5)), "b", 0);   // 10:28:30: the slot; b itself is not due yet
        d.accept(List.of(index(115, 7)), "e", 0);                               // 10:29:55: stored (due since 10:29:30)
        d.accept(List.of(index(118, 8)), "f", 0);                               // 10:29:58: the boundary candidate
        Downsampler.Step<String> g = d.accept(List.of(index(125, 9)), "g", 0);  // 10:30:05: crosses 10:30
        Downsampler.Step<String> h = d.accept(List.of(index(150, 10)), "h", 0); // 10:30:30: the meter's slot

        assertThat(a.held).isEqualTo(1);
        assertThat(keys(b.keep)).containsExactly("index.total@10:28:00=0");
        assertThat(b.flushed).containsExactly("a");
        assertThat(b.held).isEqualTo(1); // 10:28:00 was 30 s off the slots: the next value is due at the slot after 10:29:00
        assertThat(g.keep).as("the boundary value waits for the slot").isEmpty();
        assertThat(g.flushed).isEmpty();
        assertThat(g.superseded).as("f is not replaced: it is the boundary value").isEmpty();
        assertThat(keys(h.keep)).containsExactly("index.total@10:29:58=8");
        assertThat(h.flushed).containsExactly("f");
        assertThat(h.superseded).containsExactly("g"); // 10:30:30 is not due: 10:29:55 was 25 s late, next slot 10:31:30
        assertThat(keys(d.flushAll().keep)).containsExactly("index.total@10:30:30=10");
    }

    @Test
    void aFirstValueIsNeverLostToTheSlotEvenWhenFramesAreSparse() {
        Downsampler<String> d = new Downsampler<>("M", DownsamplingConfig.DEFAULTS, 0.5);
        Downsampler.Step<String> a = d.accept(List.of(index(0, 1000)), "a", 0);    // 10:28:00, slot at 10:28:30
        Downsampler.Step<String> b = d.accept(List.of(index(900, 1500)), "b", 0);  // 10:43:00, a quarter of an hour later
        assertThat(a.keep).isEmpty();
        // the baseline and the new value: the 500 Wh in between are not lost
        assertThat(keys(b.keep)).containsExactly("index.total@10:28:00=1000", "index.total@10:43:00=1500");
        assertThat(b.flushed).containsExactly("a");
    }

    @Test
    void aLateFrameStillCountsInACompleteMinuteNotYetWritten() {
        Downsampler<String> d = new Downsampler<>("M", DownsamplingConfig.DEFAULTS, 0.5);
        d.accept(List.of(new Reading("M", T, "power.apparent", 100)), "a", 0);
        d.accept(List.of(new Reading("M", T.plusSeconds(62), "power.apparent", 900)), "b", 0); // 10:29:02: 10:28 complete
        d.accept(List.of(new Reading("M", T.plusSeconds(50), "power.apparent", 300)), "late", 0); // 10:28:50, late
        assertThat(keys(d.accept(List.of(new Reading("M", T.plusSeconds(90), "power.apparent", 900)), "c", 0).keep))
                .containsExactly("power.apparent.mean_1m@10:28:00=200", "power.apparent.max_1m@10:28:00=300");
        // once written, a later straggler of that minute is dropped, not written twice
        assertThat(d.accept(List.of(new Reading("M", T.plusSeconds(55), "power.apparent", 5000)), "late2", 0).keep).isEmpty();
    }

    @Test
    void staggeredMetersWithSynchronisedClocksDoNotAllWriteInTheSameSecond() {
        int meters = 2000;
        List<Downsampler<String>> all = new ArrayList<>();
        for (int m = 0; m < meters; m++) {
            all.add(new Downsampler<>("loadtest-" + m, DownsamplingConfig.DEFAULTS));
        }
        int[] rowsPerSecond = new int[60];
        // every meter sends a frame every 2 s in the same second (synchronised clocks, ingest started for all at once);
        // count the rows written in each second of the minute, after the first two minutes
        for (int s = 0; s < 300; s += 2) {
            Instant t = T.plusSeconds(s);
            for (int m = 0; m < meters; m++) {
                String code = "loadtest-" + m;
                int n = all.get(m).accept(List.of(new Reading(code, t, "index.total", 1000 + s), new Reading(code, t, "power.apparent", 500),
                        new Reading(code, t, "voltage.1", 230)), "f", 0).keep.size();
                if (s >= 120) {
                    rowsPerSecond[s % 60] += n;
                }
            }
        }
        int total = java.util.Arrays.stream(rowsPerSecond).sum();
        int busiest = java.util.Arrays.stream(rowsPerSecond).max().orElseThrow();
        // 3 minutes x 2,000 meters x (index + voltage + mean + max) = 24,000 rows, plus the 10:30 boundary values
        assertThat(total).isBetween(24_000, 24_000 + meters);
        // 30 busy seconds of the minute (frames every 2 s): 800 rows each if even; unstaggered, all would be in one
        assertThat(busiest).as("rows written in the busiest second of the minute").isLessThan(total / 30 * 2 + meters);
    }
}
