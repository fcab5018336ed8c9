package org.ecofoyer.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.ecofoyer.core.Fluid;
import org.ecofoyer.core.HouseholdId;
import org.ecofoyer.core.MeterCode;
import org.ecofoyer.core.MeterKind;
import org.ecofoyer.storage.RecomputeMarks.Mark;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The recompute mark's one owner against a real PostgreSQL. The table is still created by ingest's migration V10_1_0
 * (Flyway knows a migration by its version, so it stays there); this test applies ingest's own scripts, so that it runs
 * against the schema production has, not a copy of it.
 */
class RecomputeMarksTest {
    static final String INGEST_MIGRATIONS = "filesystem:../ingest/src/main/resources/db/migration/ingest";

    private static final Instant T1 = Instant.parse("2026-01-10T08:00:00Z");
    private static final Instant T2 = Instant.parse("2026-01-12T08:00:00Z");
    private static final Instant T3 = Instant.parse("2026-01-14T08:00:00Z");

    private Database db;
    private int elec;
    private int gas;
    private int water;

    @BeforeEach
    void setUp() throws SQLException {
        db = TestDatabases.newMigratedDatabase(INGEST_MIGRATIONS);
        HouseholdId home = new HouseholdId("home");
        try (Connection c = db.dataSource().getConnection()) {
            try (Statement st = c.createStatement()) {
                st.execute("INSERT INTO household (id) VALUES ('home')");
            }
            elec = Meters.register(c, new Meters.Registration(new MeterCode("elec"), home, MeterKind.LINKY_TIC, null)).id();
            gas = Meters.register(c, new Meters.Registration(new MeterCode("gas"), home, MeterKind.GAZPAR, null)).id();
            water = Meters.register(c, new Meters.Registration(new MeterCode("water"), home, MeterKind.TELEO, null)).id();
        }
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void aMarkKeepsTheEarliestInstantAndEveryMarkMovesMarkedAt() throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            RecomputeMarks.mark(c, elec, T2);
            Mark first = mark(c, elec).orElseThrow();
            assertThat(first.since()).isEqualTo(T2);

            // A later instant does not move since, but it is a new mark all the same.
            RecomputeMarks.mark(c, elec, T3);
            Mark later = mark(c, elec).orElseThrow();
            assertThat(later.since()).isEqualTo(T2);
            assertThat(later.markedAt()).isAfter(first.markedAt());

            RecomputeMarks.mark(c, elec, T1);
            Mark earlier = mark(c, elec).orElseThrow();
            assertThat(earlier.since()).isEqualTo(T1);
            assertThat(earlier.markedAt()).isAfter(later.markedAt());
        }
    }

    /** Marks made in one transaction (the writer's batch, a price change) each move marked_at: the clock, not now(). */
    @Test
    void marksInOneTransactionMoveMarkedAtToo() throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            RecomputeMarks.mark(c, elec, T2);
            Mark first = mark(c, elec).orElseThrow();
            RecomputeMarks.mark(c, elec, T3);
            assertThat(mark(c, elec).orElseThrow().markedAt()).isAfter(first.markedAt());
            c.commit();
        }
    }

    @Test
    void theRecomputeClearsTheMarkItRead() throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            RecomputeMarks.mark(c, elec, T2);
            Mark read = RecomputeMarks.dirty(c, 10).get(0);
            assertThat(RecomputeMarks.clearIfUnchanged(c, read.meterId(), read.markedAt())).isTrue();
            assertThat(mark(c, elec)).isEmpty();
        }
    }

    /**
     * New data arriving while the recompute computes marks the meter again, here with a later instant (which leaves
     * since as it was): the recompute, clearing the mark it read, must leave this one, or the new data would never be
     * rolled up.
     */
    @Test
    void aMarkMadeBetweenReadAndClearSurvives() throws SQLException {
        try (Connection recompute = db.dataSource().getConnection(); Connection ingest = db.dataSource().getConnection()) {
            RecomputeMarks.mark(ingest, elec, T1);
            Mark read = RecomputeMarks.dirty(recompute, 10).get(0);
            RecomputeMarks.mark(ingest, elec, T3);
            assertThat(RecomputeMarks.clearIfUnchanged(recompute, read.meterId(), read.markedAt())).isFalse();
            Mark survivor = mark(recompute, elec).orElseThrow();
            assertThat(survivor.since()).isEqualTo(T1);
            // The next pass reads it again and may clear it.
            assertThat(RecomputeMarks.clearIfUnchanged(recompute, elec, survivor.markedAt())).isTrue();
            assertThat(mark(recompute, elec)).isEmpty();
        }
    }

    @Test
    void dirtyListsTheEarliestFirstUpToALimit() throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            RecomputeMarks.mark(c, water, T3);
            RecomputeMarks.mark(c, elec, T1);
            RecomputeMarks.mark(c, gas, T2);
            assertThat(RecomputeMarks.dirty(c, 10)).extracting(Mark::meterId).containsExactly(elec, gas, water);
            assertThat(RecomputeMarks.dirty(c, 2)).extracting(Mark::since).containsExactly(T1, T2);
        }
    }

    @Test
    void aFluidMarksItsMetersOnlyAndKeepsTheirEarliestInstant() throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            RecomputeMarks.mark(c, gas, T1);
            Mark before = mark(c, gas).orElseThrow();
            assertThat(RecomputeMarks.markFluid(c, Fluid.GAS, T2)).isEqualTo(1);
            assertThat(RecomputeMarks.markFluid(c, Fluid.ELECTRICITY, T2)).isEqualTo(1);
            Mark after = mark(c, gas).orElseThrow();
            assertThat(after.since()).isEqualTo(T1);
            assertThat(after.markedAt()).isAfter(before.markedAt());
            assertThat(mark(c, elec).orElseThrow().since()).isEqualTo(T2);
            assertThat(mark(c, water)).isEmpty();
        }
    }

    @Test
    void aQueryMarksEachOfItsRowsInOneStatement() throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            RecomputeMarks.mark(c, elec, T1);
            int marked = RecomputeMarks.markAll(c, "SELECT id, ? FROM meter WHERE kind <> ?", ps -> {
                ps.setTimestamp(1, Timestamp.from(T2));
                ps.setString(2, MeterKind.TELEO.name());
            });
            assertThat(marked).isEqualTo(2);
            assertThat(mark(c, elec).orElseThrow().since()).isEqualTo(T1);
            assertThat(mark(c, gas).orElseThrow().since()).isEqualTo(T2);
            assertThat(mark(c, water)).isEmpty();
        }
    }

    /** The writer marks inside the statement that inserts its batch: the SQL form keeps the same rule. */
    @Test
    void theMarkAsSqlWorksInsideALargerStatement() throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            RecomputeMarks.mark(c, elec, T1);
            Mark before = mark(c, elec).orElseThrow();
            String sql = "WITH batch (meter_id, instant) AS (VALUES (?, ?::timestamptz), (?, ?::timestamptz), (?, ?::timestamptz)),"
                    + " dirty AS (" + RecomputeMarks.markRowsOf("SELECT meter_id, min(instant) FROM batch GROUP BY meter_id")
                    + " RETURNING 1) SELECT count(*) FROM dirty";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setInt(1, elec);
                ps.setTimestamp(2, Timestamp.from(T2));
                ps.setInt(3, gas);
                ps.setTimestamp(4, Timestamp.from(T3));
                ps.setInt(5, gas);
                ps.setTimestamp(6, Timestamp.from(T2));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(2);
                }
            }
            Mark after = mark(c, elec).orElseThrow();
            assertThat(after.since()).isEqualTo(T1);
            assertThat(after.markedAt()).isAfter(before.markedAt());
            assertThat(mark(c, gas).orElseThrow().since()).isEqualTo(T2);
        }
    }

    private static Optional<Mark> mark(Connection c, int meterId) throws SQLException {
        List<Mark> all = RecomputeMarks.dirty(c, 1000);
        return all.stream().filter(m -> m.meterId() == meterId).findFirst();
    }
}
