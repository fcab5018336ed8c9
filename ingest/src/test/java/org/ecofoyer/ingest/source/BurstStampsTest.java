package org.ecofoyer.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The burst rule, a pure function: a backlog delivered at once is spread over the outage, never squeezed. */
class BurstStampsTest {
    private static final Instant LAST = Instant.parse("2026-03-01T10:00:00Z");
    private static final Set<String> FRAME = Set.of("index.base", "power.apparent");

    private static List<BurstStamps.Arrival> burst(Instant first, int n, Duration apart, Set<String> channels) {
        List<BurstStamps.Arrival> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new BurstStamps.Arrival(first.plus(apart.multipliedBy(i)), channels));
        }
        return out;
    }

    @Test
    void aMessageAloneIsStampedAtItsReception() {
        Instant r = LAST.plusSeconds(2);
        assertThat(BurstStamps.spread(LAST, List.of(new BurstStamps.Arrival(r, FRAME)))).containsExactly(r);
    }

    @Test
    void aBacklogDeliveredWithinMillisecondsIsSpreadEvenlyOverTheOutage() {
        // 20 s outage, 20 frames delivered within 17 ms (the scenario)
        Instant first = LAST.plusSeconds(20);
        List<Instant> stamps = BurstStamps.spread(LAST, burst(first, 20, Duration.ofNanos(850_000), FRAME));
        Instant end = first.plus(Duration.ofNanos(850_000).multipliedBy(19)).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        assertThat(stamps).hasSize(20);
        assertThat(stamps.get(19)).isEqualTo(end);
        // each step is a twentieth of the outage (20.016 s / 20 ≈ 1 s), never milliseconds
        for (int i = 0; i < 20; i++) {
            Instant previous = i == 0 ? LAST : stamps.get(i - 1);
            assertThat(Duration.between(previous, stamps.get(i))).isBetween(Duration.ofMillis(999), Duration.ofMillis(1002));
        }
    }

    @Test
    void messagesOfOneCycleShareTheirStampAndARepeatedChannelStartsTheNext() {
        // ESPHome: one value per message, three values per round, two rounds queued
        Instant r = LAST.plusSeconds(60);
        List<BurstStamps.Arrival> a = List.of(new BurstStamps.Arrival(r, Set.of("index.hchc")),
                new BurstStamps.Arrival(r, Set.of("index.hchp")), new BurstStamps.Arrival(r, Set.of("power.apparent")),
                new BurstStamps.Arrival(r, Set.of("index.hchc")), new BurstStamps.Arrival(r, Set.of("index.hchp")),
                new BurstStamps.Arrival(r, Set.of("power.apparent")));
        assertThat(BurstStamps.cycles(a)).containsExactly(0, 0, 0, 1, 1, 1);
        List<Instant> stamps = BurstStamps.spread(LAST, a);
        assertThat(stamps).containsExactly(LAST.plusSeconds(30), LAST.plusSeconds(30), LAST.plusSeconds(30), r, r, r);
    }

    @Test
    void withoutALastStampTheCyclesArePlacedASecondApartEndingAtTheLastReception() {
        Instant r = LAST.plusSeconds(5);
        assertThat(BurstStamps.spread(null, burst(r, 3, Duration.ZERO, FRAME)))
                .containsExactly(r.minusSeconds(2), r.minusSeconds(1), r);
    }

    /** Whatever the arrivals: in arrival order, strictly after the last stamp and each other, whole microseconds. */
    @RepeatedTest(50)
    void stampsRiseStrictlyAfterTheLastAndNeverPassTheLastReceptionByMoreThanAMicrosecondEach() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Instant last = LAST.plusMillis(random.nextInt(1000));
        int n = 1 + random.nextInt(200);
        Instant first = last.plusNanos((long) random.nextInt(2_000_000) * (random.nextBoolean() ? 1 : 1000));
        List<BurstStamps.Arrival> a = burst(first, n, Duration.ofNanos(random.nextInt(3000)), FRAME);
        List<Instant> stamps = BurstStamps.spread(last, a);
        Instant end = a.get(n - 1).receivedAt().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        Instant previous = last;
        for (Instant s : stamps) {
            assertThat(s).as("seed %d", seed).isAfter(previous);
            assertThat(s.getNano() % 1000).as("seed %d", seed).isZero();
            previous = s;
        }
        // the last is its reception unless the span is shorter than a microsecond per cycle
        if (Duration.between(last, end).toNanos() / 1000 >= n) {
            assertThat(stamps.get(n - 1)).as("seed %d", seed).isEqualTo(end);
        }
    }
}
