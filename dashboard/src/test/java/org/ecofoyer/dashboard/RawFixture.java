package org.ecofoyer.dashboard;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ecofoyer.core.Channels;
import org.ecofoyer.core.TariffOption;
import org.ecofoyer.drivers.Reading;
import org.ecofoyer.drivers.tic.TicDecoder;
import org.ecofoyer.drivers.tic.TicFrame;
import org.ecofoyer.drivers.tic.TicMode;
import org.ecofoyer.ingest.pipeline.Downsampler;
import org.ecofoyer.ingest.pipeline.DownsamplingConfig;
import org.ecofoyer.ingest.writer.ReadingCompactor;
import org.ecofoyer.tools.sim.MeterSimulator;
import org.postgresql.PGConnection;

/**
 * Raw readings for {@link ApiLatencyBenchmark} (#17: the endpoints that read raw readings — overview and sources via
 * {@code Readings.latest}, the live page's {@code now} via {@code lastValue}, the analysis' meter peak via
 * {@code Readings.highest}, the export — old store against new): H1's Linky gets {@code days} days of raw readings up
 * to the fixtures' clock, as the row store holds them (every reading a {@code reading} row); {@link #compact} then
 * folds the closed days into blocks as the hourly compactor does in production, leaving today's rows hot.
 *
 * <p>The readings are one real day, repeated: a standard-mode three-phase HPHC Linky (the load test's
 * {@link MeterSimulator}) sends a frame every 2 s; each frame is decoded as ingest decodes it and downsampled with the
 * default settings (an hour of warm-up first, so that the day does not begin with every register's first value).
 * Day k is that day moved k days on, its index registers moved on by k days' consumption (so that they keep rising).
 * Simulating each day would take minutes per month of data; what the reads cost depends on the rows' and blocks'
 * number and shape, which the repetition keeps.
 */
final class RawFixture {
    private static final Instant TEMPLATE = Instant.parse("2026-01-05T00:00:00Z");

    private RawFixture() {
    }

    /** Loads {@code days} days of H1's Linky readings ending at the fixtures' clock; returns how many. */
    static long load(TestServer server, int days) throws Exception {
        List<Reading> day = simulatedDay();
        Map<String, Long> dayDelta = new HashMap<>();
        Map<String, Long> first = new HashMap<>();
        for (Reading r : day) {
            if (r.channel().startsWith(Channels.INDEX_PREFIX)) {
                first.putIfAbsent(r.channel(), r.value());
                dayDelta.put(r.channel(), r.value() - first.get(r.channel()));
            }
        }
        Instant now = Fixtures.CLOCK.instant();
        Instant lastDay = now.truncatedTo(ChronoUnit.DAYS);
        long n = 0;
        try (Connection c = server.db.longOperations().getConnection()) {
            int meter;
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT id FROM meter WHERE code = 'H1-elec'")) {
                rs.next();
                meter = rs.getInt(1);
            }
            var copy = c.unwrap(PGConnection.class).getCopyAPI();
            StringBuilder buf = new StringBuilder();
            for (int k = 0; k < days; k++) {
                Instant dayStart = lastDay.minus(Duration.ofDays(days - 1 - k));
                Duration shift = Duration.between(TEMPLATE, dayStart);
                for (Reading r : day) {
                    Instant at = r.instant().plus(shift);
                    if (!at.isBefore(now)) {
                        continue; // today: up to the clock's now only
                    }
                    long v = r.value() + (long) k * dayDelta.getOrDefault(r.channel(), 0L);
                    buf.append(meter).append('\t').append(r.channel()).append('\t').append(at).append('\t').append(v).append('\n');
                    n++;
                }
                if (buf.length() > 16 << 20 || k == days - 1) {
                    copy.copyIn("COPY reading (meter_id, channel, instant, value) FROM STDIN",
                            new ByteArrayInputStream(buf.toString().getBytes(StandardCharsets.UTF_8)));
                    buf.setLength(0);
                }
            }
            try (Statement st = c.createStatement()) {
                st.execute("VACUUM ANALYZE reading");
            }
        }
        return n;
    }

    /** Folds every closed day into blocks with the production compactor, at the fixtures' clock; what it did. */
    static String compact(TestServer server) throws Exception {
        long t0 = System.nanoTime();
        ReadingCompactor.Report r = new ReadingCompactor(server.db.dataSource(), Fixtures.CLOCK, ReadingCompactor.DEFAULT_AFTER).apply();
        double s = (System.nanoTime() - t0) / 1e9;
        try (Connection c = server.db.longOperations().getConnection(); Statement st = c.createStatement()) {
            st.execute("VACUUM ANALYZE reading");
            st.execute("VACUUM ANALYZE reading_block");
        }
        return String.format("%s in %.1f s", r.describe(), s);
    }

    /** The raw tables' rows and size (heap, TOAST and indexes). */
    static String size(TestServer server) throws Exception {
        try (Connection c = server.db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM reading), pg_total_relation_size('reading'),"
                     + " (SELECT count(*) FROM reading_block), pg_total_relation_size('reading_block')")) {
            rs.next();
            return String.format("reading %,d rows %,d bytes; reading_block %,d rows %,d bytes", rs.getLong(1), rs.getLong(2),
                    rs.getLong(3), rs.getLong(4));
        }
    }

    /** One UTC day of a three-phase Linky's stored readings at default downsampling (after an hour's warm-up). */
    static List<Reading> simulatedDay() {
        MeterSimulator sim = new MeterSimulator(new MeterSimulator.Config(TicMode.STANDARD, TariffOption.HPHC, 3, false, 1000L, 0));
        String code = "H1-elec";
        Downsampler<Object> down = new Downsampler<>(code, DownsamplingConfig.DEFAULTS);
        Instant end = TEMPLATE.plus(Duration.ofDays(1));
        List<Reading> out = new ArrayList<>();
        for (Instant t = TEMPLATE.minus(Duration.ofHours(1)); t.isBefore(end); t = t.plusSeconds(2)) {
            for (TicFrame f : TicDecoder.decodeAll(Optional.of(TicMode.STANDARD), sim.next(t).bytes())) {
                Instant at = f.instant().orElse(t);
                // what the pipeline stores in the raw table: the meter's facts (subscription, daily maxima) go to
                // ingest's own tables (MeterFactsLearner), and a daily maximum repeats its instant in every frame
                List<Reading> stored = f.readings(code, at).stream().filter(r -> !Channels.isMeterFact(r.channel())).toList();
                for (Reading r : down.accept(stored, null, at.toEpochMilli() * 1_000_000L).keep) {
                    if (!r.instant().isBefore(TEMPLATE) && r.instant().isBefore(end)) {
                        out.add(r);
                    }
                }
            }
        }
        return out;
    }
}
