package org.ecofoyer.ingest.writer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import org.ecofoyer.ingest.RateLimitedLog;
import org.ecofoyer.storage.RecomputeMarks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a meter's {@link MeterFacts} (#16) in a writer transaction, as its {@link ReadingWriter.TransactionHook} —
 * usually the transaction of the same message's readings, so that facts cost no submission of their own. Behind a
 * savepoint: a data error in them (SQLSTATE classes 22, 23, 42) is rolled back alone, logged (rate-limited) and
 * reported to {@code onRefused}, and never fails the readings with it — the meter repeats its facts in every frame, so
 * the next message hands them on again. Other errors (a connection lost) fail the transaction as any would, and the
 * writer retries it (the statements are idempotent).
 */
public final class MeterFactsStore implements ReadingWriter.TransactionHook {
    private static final Logger LOG = LoggerFactory.getLogger(MeterFactsStore.class);
    private static final RateLimitedLog REFUSED = new RateLimitedLog(LOG, Duration.ofMinutes(10));

    private final MeterFacts facts;
    private final Runnable onRefused;

    public MeterFactsStore(MeterFacts facts) {
        this(facts, () -> { });
    }

    /** @param onRefused called when the database refused the facts (the learner then hands them on again) */
    public MeterFactsStore(MeterFacts facts, Runnable onRefused) {
        this.facts = facts;
        this.onRefused = onRefused;
    }

    @Override
    public void run(Connection c) throws SQLException {
        Savepoint sp = c.setSavepoint();
        try {
            write(c);
            c.releaseSavepoint(sp);
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            if (!(state.startsWith("22") || state.startsWith("23") || state.startsWith("42"))) {
                throw e;
            }
            c.rollback(sp);
            onRefused.run();
            REFUSED.warn(facts.meter(), "meter {}: its subscription or daily maxima were refused by the database ({});"
                    + " its readings are kept, the facts are tried again with its next frames", facts.meter(), e.getMessage());
        }
    }

    private void write(Connection c) throws SQLException {
        if (!facts.contracts().isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(MeterFactsSql.LEARN_CONTRACT)) {
                for (MeterFacts.Contract k : facts.contracts()) {
                    ps.setString(1, facts.meter());
                    if (k.kva() == null) {
                        ps.setNull(2, Types.SMALLINT);
                    } else {
                        ps.setInt(2, k.kva());
                    }
                    ps.setString(3, k.option() == null ? null : k.option().name());
                    ps.setString(4, facts.meter());
                    ps.setTimestamp(5, Timestamp.from(k.learnedAt()));
                    ps.setString(6, facts.source());
                    // one row at a time: each contract compares with the one before it, which the previous row may be
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            // The option picks the tariff periods and prices, the power the subscription's price: the
                            // rollups from the instant the meter told them are recomputed with them (aggregation reads
                            // the learned subscription). Earlier ones keep what they were computed with until they are
                            // recomputed for another reason: when the contract changed before the meter told us is unknown.
                            RecomputeMarks.mark(c, rs.getInt(1), k.learnedAt());
                        }
                    }
                }
            }
        }
        if (!facts.maxima().isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(MeterFactsSql.KEEP_MAXIMUM)) {
                for (MeterFacts.Maximum m : facts.maxima()) {
                    Timestamp at = Timestamp.from(m.at());
                    ps.setTimestamp(1, at);
                    ps.setInt(2, m.phase());
                    ps.setLong(3, m.va());
                    ps.setTimestamp(4, at);
                    ps.setString(5, facts.meter());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }
}
