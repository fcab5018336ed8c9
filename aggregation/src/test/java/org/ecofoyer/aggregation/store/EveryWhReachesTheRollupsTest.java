package org.ecofoyer.aggregation.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.ecofoyer.aggregation.AggregationConfig;
import org.ecofoyer.aggregation.maths.Price;
import org.ecofoyer.core.Fluid;
import org.ecofoyer.drivers.Reading;
import org.ecofoyer.ingest.IngestMetrics;
import org.ecofoyer.ingest.query.Readings;
import org.ecofoyer.ingest.writer.ReadingCompactor;
import org.ecofoyer.ingest.writer.ReadingRetention;
import org.ecofoyer.ingest.writer.ReadingWriter;
import org.ecofoyer.ingest.writer.WriterConfig;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The invariant of docs/architecture.md, "History is never lost", as a property over random fault sequences, on a real
 * PostgreSQL through the real {@link ReadingWriter}, {@link ReadingRetention} and {@link Recompute}: for each register,
 * the sum of its rollup quantities equals its rises between readings — its last index minus its first, apart from real
 * resets (an index that goes down) — whatever the delivery: live frames, gaps, bursts of queued frames stamped on
 * reception within milliseconds, a gateway's buffer delivered late and out of order, duplicates, resets, restarts (held
 * values stored again, a new {@code Recompute}), retention runs as a fixed clock advances, compaction of closed days
 * into blocks ({@code ReadingCompactor}, #17), price and off-peak
 * corrections (before the raw horizon too), a stray reading from before the horizon and one two years ahead (neither
 * counted: the first is before what raw data can rebuild, the second beyond the clock). Checked after every recompute.
 *
 * <p>A fresh random seed each run, printed; {@code -Decofoyer.seed=S} replays a run ({@code -Decofoyer.cases=N}, 30
 * by default). A failure names the seed and its case: {@code -Decofoyer.seed=S -Decofoyer.case=K} replays that case.
 */
class EveryWhReachesTheRollupsTest {
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    static final Instant ORIGIN = Instant.parse("2027-01-04T00:00:00Z");
    static final String HP = "index.HP";
    static final String HC = "index.HC";
    static final String TOTAL = "index.total";
    static final Duration FUTURE_TOLERANCE = AggregationConfig.DEFAULTS.futureTolerance();

    static Database db;
    static ReadingWriter writer;
    /** The one clock of the writer and of the case under way (cases run one after the other). */
    static final MovingClock CLOCK = new MovingClock(ORIGIN);

    @BeforeAll
    static void open() {
        db = TestDatabases.newMigratedDatabase();
        // Each delivery is written at once (no 250 ms wait for a batch to fill): the test waits for every one.
        // The writer's clock is the case's: what it quarantines as future or before the horizon is judged by the
        // same "now" as the recompute's.
        writer = new ReadingWriter(db.dataSource(), WriterConfig.DEFAULTS.withBatch(5000, Duration.ofMillis(1)),
                IngestMetrics.inMemory(), CLOCK, FUTURE_TOLERANCE).start();
    }

    @AfterAll
    static void close() {
        writer.close(Duration.ofSeconds(10));
        db.close();
    }


    @Test
    void everyWhReachesTheRollupsWhateverTheFaults() throws Exception {
        String given = System.getProperty("ecofoyer.seed");
        long base = given != null ? Long.parseLong(given) : new SecureRandom().nextLong();
        int cases = Integer.getInteger("ecofoyer.cases", 30);
        System.out.printf("EveryWhReachesTheRollupsTest: seed %d, %d cases (replay: -Decofoyer.seed=%d)%n", base, cases, base);
        long started = System.nanoTime();
        Integer only = Integer.getInteger("ecofoyer.case");
        for (int k = only == null ? 0 : only; k < (only == null ? cases : only + 1); k++) {
            long seed = base + k;
            try {
                new Case(seed, k).run();
            } catch (AssertionError | Exception e) {
                throw new AssertionError("seed " + base + ", case " + k + " (replay it: -Decofoyer.seed=" + base
                        + " -Decofoyer.case=" + k + "): " + e.getMessage(), e);
            }
        }
        System.out.printf("EveryWhReachesTheRollupsTest: %d cases in %.1f s, %d series-days compacted%n", cases,
                (System.nanoTime() - started) / 1e9, COMPACTED_DAYS.get());
        if (only == null && cases >= 10) {
            // the faults met compacted days (late, duplicate and withheld readings beside blocks, retention of blocks)
            assertThat(COMPACTED_DAYS.get()).as("series-days compacted over the cases").isPositive();
        }
    }

    /** Series-days the compaction passes folded, over all cases. */
    static final java.util.concurrent.atomic.AtomicLong COMPACTED_DAYS = new java.util.concurrent.atomic.AtomicLong();

    /** One random history of two meters: A with two registers (index.HP, index.HC), B with a total index. */
    static final class Case {
        final Random random;
        final MovingClock clock;
        final String a;
        final String b;
        int idA;
        int idB;
        Recompute recompute;
        /** What reached the raw table and counts, per meter and channel: instant → value. */
        final Map<String, TreeMap<Instant, Long>> counted = new HashMap<>();
        /** The meter's indexes as the meters see them (what their next frame reports). */
        final Map<String, Long> index = new HashMap<>();
        /** A gateway's buffer, delivered late. */
        final List<Reading> withheld = new ArrayList<>();
        int withheldFor;
        final StringBuilder story = new StringBuilder();

        Case(long seed, int k) {
            random = new Random(seed);
            // Each case on its own stretch of time after the previous ones: their retention runs do not meet.
            clock = CLOCK;
            clock.now = ORIGIN.plus(Duration.ofDays(20L * k)).plusSeconds(random.nextInt(86_400));
            a = "pw-" + seed + "-" + k + "-A";
            b = "pw-" + seed + "-" + k + "-B";
        }

        void run() throws Exception {
            idA = meter(a);
            idB = meter(b);
            index.put(a + HP, (long) random.nextInt(1_000_000));
            index.put(a + HC, (long) random.nextInt(1_000_000));
            index.put(b + TOTAL, (long) random.nextInt(1_000_000));
            recompute = new Recompute(db.dataSource(), AggregationConfig.DEFAULTS, clock);
            try {
                live(5);
                int events = 25 + random.nextInt(15);
                for (int e = 0; e < events; e++) {
                    event();
                    if (withheldFor > 0 && --withheldFor == 0) {
                        deliverWithheld();
                    }
                    if (random.nextInt(10) < 7) {
                        drainAndCheck();
                    }
                }
                deliverWithheld();
                drainAndCheck();
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\nstory:" + story, e);
            } finally {
                recompute.close();
            }
        }

        void event() throws Exception {
            int r = random.nextInt(100);
            if (r < 35) {
                live(1 + random.nextInt(20));
            } else if (r < 45) {
                burst();
            } else if (r < 52 && withheldFor == 0) {
                withhold();
            } else if (r < 57) {
                duplicates();
            } else if (r < 60) {
                reset();
            } else if (r < 66) {
                restart();
            } else if (r < 76) {
                retention();
            } else if (r < 84) {
                priceCorrection();
            } else if (r < 88) {
                offPeakChange();
            } else if (r < 91) {
                strayOldReading();
            } else if (r < 93) {
                futureReading();
            } else if (r < 97) {
                compaction();
            } else {
                idle();
            }
        }

        /** Live frames stamped on reception, 1 s to 10 min apart, now and then after a gap of hours. */
        void live(int frames) throws Exception {
            List<Reading> out = new ArrayList<>();
            for (int i = 0; i < frames; i++) {
                Duration dt = random.nextInt(12) == 0 ? Duration.ofMinutes(60 + random.nextInt(180))
                        : Duration.ofMillis(1000 + random.nextInt(600_000));
                frame(out, dt, clock.now.plus(dt));
                clock.now = clock.now.plus(dt);
            }
            story.append("\n live ").append(frames).append(" to ").append(clock.now);
            deliver(out);
        }

        /** An ingest outage: the frames queued meanwhile are delivered at once, stamped on reception a millisecond apart. */
        void burst() throws Exception {
            Duration outage = Duration.ofSeconds(20 + random.nextInt(7200));
            long every = 2 + random.nextInt(120);
            int n = (int) Math.max(1, outage.toSeconds() / every);
            List<Reading> out = new ArrayList<>();
            Instant back = clock.now.plus(outage);
            for (int i = 0; i < n; i++) {
                frame(out, Duration.ofSeconds(every), back.plusMillis(i));
            }
            clock.now = back.plusMillis(n).plusSeconds(1);
            story.append("\n burst of ").append(n).append(" after ").append(outage).append(" at ").append(back);
            deliver(out);
        }

        /** A gateway buffers its frames (with their own, true instants) and delivers them some events later, shuffled. */
        void withhold() {
            int frames = 2 + random.nextInt(60);
            for (int i = 0; i < frames; i++) {
                Duration dt = Duration.ofMillis(1000 + random.nextInt(240_000));
                frame(withheld, dt, clock.now.plus(dt));
                clock.now = clock.now.plus(dt);
            }
            withheldFor = 1 + random.nextInt(3);
            story.append("\n withheld ").append(frames).append(" to ").append(clock.now);
        }

        void deliverWithheld() throws Exception {
            if (withheld.isEmpty()) {
                return;
            }
            List<Reading> late = new ArrayList<>(withheld);
            withheld.clear();
            Collections.shuffle(late, random);
            int chunks = 1 + random.nextInt(3);
            int size = (late.size() + chunks - 1) / chunks;
            story.append("\n late delivery of ").append(late.size()).append(" in ").append(chunks).append(" chunk(s)");
            for (int i = 0; i < late.size(); i += size) {
                deliver(late.subList(i, Math.min(late.size(), i + size)));
                if (random.nextBoolean()) {
                    drainAndCheck();
                }
            }
        }

        /** Readings delivered again (a QoS 1 redelivery): same instant, same value. */
        void duplicates() throws Exception {
            List<Reading> again = new ArrayList<>();
            for (Map.Entry<String, TreeMap<Instant, Long>> e : counted.entrySet()) {
                List<Instant> instants = new ArrayList<>(e.getValue().keySet());
                for (int i = 0; i < 3 && !instants.isEmpty(); i++) {
                    Instant t = instants.get(random.nextInt(instants.size()));
                    again.add(new Reading(meterOf(e.getKey()), t, channelOf(e.getKey()), e.getValue().get(t)));
                }
            }
            story.append("\n duplicates ").append(again.size());
            deliver(again);
        }

        /** A real reset: one index goes down (a meter replaced). */
        void reset() {
            String key = List.of(a + HP, a + HC, b + TOTAL).get(random.nextInt(3));
            index.put(key, (long) random.nextInt(1000));
            story.append("\n reset of ").append(key);
        }

        /** A restart: held values stored again under a new instant, and a new Recompute. */
        void restart() throws Exception {
            clock.now = clock.now.plusSeconds(1 + random.nextInt(30));
            List<Reading> held = new ArrayList<>();
            held.add(new Reading(a, clock.now, HP, index.get(a + HP)));
            held.add(new Reading(a, clock.now, HC, index.get(a + HC)));
            held.add(new Reading(b, clock.now, TOTAL, index.get(b + TOTAL)));
            deliver(held);
            recompute.close();
            recompute = new Recompute(db.dataSource(), AggregationConfig.DEFAULTS, clock);
            story.append("\n restart at ").append(clock.now);
        }

        void retention() throws Exception {
            // A gateway's buffer comes in before the cut-off passes it (else it is older than the horizon: quarantined
            // by ingest, not counted); its marks may still be pending when the retention runs.
            deliverWithheld();
            withheldFor = 0;
            ReadingRetention.Report report = new ReadingRetention(db.dataSource(), 1, clock).apply();
            story.append("\n retention ").append(report.describe());
        }

        /**
         * Closed days of raw readings fold into compact blocks (#17): later duplicates, withheld and late readings land
         * in the hot table beside them and the recompute reads both; the retention then removes from blocks too.
         */
        void compaction() throws Exception {
            ReadingCompactor.Report report = new ReadingCompactor(db.dataSource(), clock,
                    Duration.ofMinutes(random.nextInt(180))).apply();
            story.append("\n compaction ").append(report.describe());
            COMPACTED_DAYS.addAndGet(report.days());
        }

        void priceCorrection() throws SQLException {
            Instant from = clock.now.minus(Duration.ofMinutes(random.nextInt(3 * 24 * 60)));
            String period = random.nextBoolean() ? "HP" : "HC";
            BigDecimal amount = BigDecimal.valueOf(10 + random.nextInt(40), 2);
            try (Connection c = db.dataSource().getConnection()) {
                PriceStore.upsert(c, List.of(new Price(Fluid.ELECTRICITY, "HPHC", Price.ENERGY, period, 6, from, null, amount,
                        "EveryWhReachesTheRollupsTest")));
            }
            story.append("\n price ").append(period).append(" ").append(amount).append(" from ").append(from);
        }

        void offPeakChange() throws SQLException {
            Instant from = clock.now.minus(Duration.ofMinutes(random.nextInt(3 * 24 * 60)));
            String hours = List.of("HC (22H00-6H00)", "HC (2H00-8H00)", "HC (12H30-14H30;1H00-7H00)").get(random.nextInt(3));
            try (Connection c = db.dataSource().getConnection()) {
                CalendarStore.setOffPeak(c, idB, LocalDateTime.ofInstant(from, PARIS).toLocalDate(), hours, from);
            }
            story.append("\n off-peak ").append(hours).append(" from ").append(from);
        }

        /** A reading stamped long before the meter's raw horizon: not counted (before what raw data can rebuild). */
        void strayOldReading() throws Exception {
            Instant horizon;
            try (Connection c = db.dataSource().getConnection()) {
                horizon = Readings.rawHorizon(c, idA);
            }
            if (horizon == null) {
                return; // before any retention, an old reading is a backfill: it counts (tested elsewhere)
            }
            Instant t = horizon.minus(Duration.ofDays(300 + random.nextInt(300)));
            story.append("\n stray reading at ").append(t);
            write(List.of(new Reading(a, t, HP, random.nextInt(100_000_000))));
        }

        /** A reading two years ahead (a wrong clock): not counted. */
        void futureReading() throws Exception {
            Instant t = clock.now.plus(Duration.ofDays(730));
            story.append("\n future reading at ").append(t);
            write(List.of(new Reading(b, t, TOTAL, index.get(b + TOTAL) + 50_000_000)));
        }

        /**
         * Hours without a frame, then one. (Silences stay under a day: the retention holds a day before a pending
         * change, which covers the reading before it unless the meter was silent for most of a day.)
         */
        void idle() throws Exception {
            clock.now = clock.now.plus(Duration.ofMinutes(30 + random.nextInt(600)));
            story.append("\n idle to ").append(clock.now);
            live(1);
        }

        /** One frame of both meters at an instant, their indexes risen by up to 9 kW over {@code dt}. */
        void frame(List<Reading> out, Duration dt, Instant at) {
            long hours = LocalDateTime.ofInstant(at, PARIS).getHour();
            String rising = hours >= 22 || hours < 6 ? HC : HP;
            index.merge(a + rising, rise(dt), Long::sum);
            index.merge(b + TOTAL, rise(dt), Long::sum);
            out.add(new Reading(a, at, HP, index.get(a + HP)));
            out.add(new Reading(a, at, HC, index.get(a + HC)));
            out.add(new Reading(b, at, TOTAL, index.get(b + TOTAL)));
        }

        long rise(Duration dt) {
            long watts = random.nextInt(4) == 0 ? 0 : random.nextInt(9_000);
            return watts * dt.toMillis() / 3_600_000;
        }

        void deliver(List<Reading> readings) throws Exception {
            for (Reading r : readings) {
                counted.computeIfAbsent(r.meter() + r.channel(), k -> new TreeMap<>()).putIfAbsent(r.instant(), r.value());
            }
            write(readings);
        }

        String meterOf(String key) {
            return key.startsWith(a) ? a : b;
        }

        String channelOf(String key) {
            return key.substring(meterOf(key).length());
        }

        void drainAndCheck() throws Exception {
            recompute.drain();
            story.append(" | recomputed");
            assertThat(count("SELECT count(*) FROM reading_dirty")).as("marks left").isZero();
            Map<String, Long> sumsA = halfHourSums(idA);
            Map<String, Long> sumsB = halfHourSums(idB);
            long hp = expected(a + HP);
            long hc = expected(a + HC);
            long total = expected(b + TOTAL);
            assertThat(sumsA.getOrDefault("HP", 0L)).as("register HP of A: sum of its half-hours").isEqualTo(hp);
            assertThat(sumsA.getOrDefault("HC", 0L)).as("register HC of A: sum of its half-hours").isEqualTo(hc);
            assertThat(sumsA.getOrDefault("total", 0L)).as("A's half-hour totals").isEqualTo(hp + hc);
            assertThat(sumsB.getOrDefault("total", 0L)).as("B's total index: sum of its half-hours").isEqualTo(total);
            assertThat(sumsB.getOrDefault("HP", 0L) + sumsB.getOrDefault("HC", 0L)).as("B's periods").isEqualTo(total);
            for (int id : List.of(idA, idB)) {
                long halfHours = sum(id, 0);
                assertThat(sum(id, 1)).as("days of meter %d", id).isEqualTo(halfHours);
                assertThat(sum(id, 2)).as("months of meter %d", id).isEqualTo(halfHours);
                assertThat(sum(id, 3)).as("years of meter %d", id).isEqualTo(halfHours);
                assertThat(count("SELECT count(*) FROM rollup WHERE meter_id = ? AND start_at > ?", id,
                        java.sql.Timestamp.from(clock.now.plus(FUTURE_TOLERANCE)))).as("rows in the future").isZero();
            }
        }

        /** A register's rises between its counted readings up to now + the tolerance: last minus first, apart from resets. */
        long expected(String key) {
            TreeMap<Instant, Long> readings = counted.getOrDefault(key, new TreeMap<>());
            long sum = 0;
            Long previous = null;
            for (Map.Entry<Instant, Long> e : readings.headMap(clock.now.plus(FUTURE_TOLERANCE), true).entrySet()) {
                if (previous != null) {
                    sum += Math.max(0, e.getValue() - previous);
                }
                previous = e.getValue();
            }
            return sum;
        }
    }

    static int meter(String code) throws SQLException {
        return TestRows.electricityMeter(db, "h-every-wh", code, "HPHC");
    }

    static void write(List<Reading> readings) throws Exception {
        if (!readings.isEmpty()) {
            writer.submit(readings).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
    }

    static Map<String, Long> halfHourSums(int meter) throws SQLException {
        Map<String, Long> out = new HashMap<>();
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT period, sum(quantity)::bigint FROM rollup WHERE meter_id = ? AND granularity = 0 GROUP BY period")) {
            ps.setInt(1, meter);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return out;
    }

    static long sum(int meter, int granularity) throws SQLException {
        return count("SELECT coalesce(sum(quantity), 0)::bigint FROM rollup WHERE meter_id = ? AND granularity = ? AND period = 'total'",
                meter, granularity);
    }

    static long count(String sql, Object... args) throws SQLException {
        return TestRows.count(db, sql, args);
    }
}
