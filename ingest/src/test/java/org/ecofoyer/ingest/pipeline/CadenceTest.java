package org.ecofoyer.ingest.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CadenceTest {
    private static Instant at(String hms) {
        return Instant.parse("2026-03-01T" + hms + "Z");
    }

    @Test
    void aValueKeptOnTheMetersSlotKeepsTheStrictSpacingAndALateOneMovesTheNextToASlot() {
        Cadence c = Cadence.of(Duration.ofSeconds(60), 0.25); // slots at :15 of every minute
        assertThat(c.phaseMs()).isEqualTo(15_000);
        // a stream starts at the meter's first slot
        assertThat(c.slotAtOrAfter(at("10:28:03"))).isEqualTo(at("10:28:15"));
        assertThat(c.slotAtOrAfter(at("10:28:15"))).isEqualTo(at("10:28:15"));
        assertThat(c.slotAtOrAfter(at("10:28:16"))).isEqualTo(at("10:29:15"));
        // 1 s after a slot (a gateway's frame period): exactly a minute later
        assertThat(c.next(at("10:29:16"))).isEqualTo(at("10:30:16"));
        assertThat(c.next(at("10:29:30"))).isEqualTo(at("10:30:30")); // 15 s late: still within a quarter
        // 25 s late (a register that stood still, an irregular gateway): back to a slot, never sooner than a minute
        assertThat(c.next(at("10:30:40"))).isEqualTo(at("10:32:15"));
    }

    @Test
    void aZeroIntervalKeepsEveryValue() {
        Cadence every = Cadence.of(Duration.ZERO, 0.7);
        assertThat(every.next(at("10:00:01"))).isEqualTo(at("10:00:01"));
        assertThat(every.slotAtOrAfter(at("10:00:01"))).isEqualTo(at("10:00:01"));
    }

    @Test
    void phasesDependOnTheMeterCodeOnlyAndSpreadEvenlyOverMeters() {
        assertThat(Cadence.phaseOf("021728123456")).isEqualTo(Cadence.phaseOf("021728123456"));
        int[] buckets = new int[10];
        for (int i = 0; i < 10_000; i++) {
            double p = Cadence.phaseOf("loadtest-" + i);
            assertThat(p).isGreaterThanOrEqualTo(0).isLessThan(1);
            buckets[(int) (p * 10)]++;
        }
        // 1,000 expected per tenth; a uniform spread stays within ±15 % (binomial σ ≈ 30)
        assertThat(java.util.Arrays.stream(buckets).boxed().toList()).allSatisfy(n -> assertThat(n).isBetween(850, 1150));
    }
}
