package org.ecofoyer.aggregation.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.ecofoyer.aggregation.AggregationConfig;
import org.ecofoyer.aggregation.maths.RollupPropertiesTest;
import org.ecofoyer.aggregation.maths.SlotCalculator.Sample;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.RecomputeMarks;
import org.ecofoyer.storage.TestDatabases;

/**
 * The recompute from the dirty half-hour on a real database: readings arriving in random chunks (shuffled, repeated,
 * late), recomputed after each chunk, give exactly the rows of one recompute of all of them from scratch.
 */
class IncrementalRecomputePropertiesTest {
    static Database db;
    static Recompute recompute;
    static final AtomicInteger METERS = new AtomicInteger();

    @BeforeContainer
    static void open() {
        db = TestDatabases.newMigratedDatabase();
        recompute = new Recompute(db.dataSource(), AggregationConfig.DEFAULTS);
    }

    @AfterContainer
    static void close() {
        db.close();
    }

    @Provide
    Arbitrary<RollupPropertiesTest.Scenario> scenarios() {
        return new RollupPropertiesTest().scenarios();
    }

    @Property(tries = 25)
    void recomputingAfterEachChunkEqualsRecomputingOnceAtTheEnd(@ForAll("scenarios") RollupPropertiesTest.Scenario s)
            throws SQLException {
        int meter = meter(s.seed());
        List<Sample> arriving = new ArrayList<>(s.readings());
        Random random = new Random(s.seed());
        for (int i = random.nextInt(arriving.size() + 1); i > 0; i--) {
            arriving.add(arriving.get(random.nextInt(arriving.size())));
        }
        // Mostly in order, as a live meter sends, with a shuffled stretch (a gateway's buffer arriving late).
        int a = random.nextInt(arriving.size());
        int b = a + random.nextInt(arriving.size() - a + 1);
        Collections.shuffle(arriving.subList(a, b), random);
        int at = 0;
        while (at < arriving.size()) {
            int n = 1 + random.nextInt(Math.min(40, arriving.size() - at));
            store(meter, arriving.subList(at, at + n));
            recompute.drain();
            at += n;
        }
        List<String> incremental = RecomputeDatabaseTest.dump(db, meter);
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement("DELETE FROM rollup WHERE meter_id = ?")) {
            ps.setInt(1, meter);
            ps.execute();
        }
        recompute.meter(meter, Instant.parse("2000-01-01T00:00:00Z"));
        assertThat(incremental).isEqualTo(RecomputeDatabaseTest.dump(db, meter));
    }

    static int meter(long seed) throws SQLException {
        String code = "m-inc-" + METERS.incrementAndGet();
        try (Connection c = db.dataSource().getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO household (id) VALUES ('h-inc') ON CONFLICT DO NOTHING")) {
                ps.execute();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO meter (code, household_id, fluid, kind, tariff_option,"
                    + " subscribed_kva) VALUES (?, 'h-inc', 'ELECTRICITY', 'LINKY_TIC', 'HPHC', 6) RETURNING id")) {
                ps.setString(1, code);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        }
    }

    /** Stores a chunk the way ingest does: new readings (a repeated instant is ignored) and the dirty mark, together. */
    static void store(int meter, List<Sample> chunk) throws SQLException {
        List<Object> instantValue = new ArrayList<>();
        chunk.forEach(x -> instantValue.addAll(List.of(x.at(), x.value())));
        store(db, meter, "index.total", instantValue);
    }

    /** The same for any database and channel, readings given as instant, value, instant, value... */
    static void store(Database db, int meter, String channel, List<Object> instantValue) throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            Instant earliest = null;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO reading (meter_id, channel, instant, value)"
                    + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                for (int i = 0; i < instantValue.size(); i += 2) {
                    Instant at = (Instant) instantValue.get(i);
                    ps.setInt(1, meter);
                    ps.setString(2, channel);
                    ps.setTimestamp(3, Timestamp.from(at));
                    ps.setLong(4, ((Number) instantValue.get(i + 1)).longValue());
                    ps.addBatch();
                    earliest = earliest == null || at.isBefore(earliest) ? at : earliest;
                }
                ps.executeBatch();
            }
            RecomputeMarks.mark(c, meter, earliest);
            c.commit();
        }
    }
}
