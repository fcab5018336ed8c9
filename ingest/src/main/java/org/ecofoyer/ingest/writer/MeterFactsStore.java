package org.ecofoyer.ingest.writer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import org.ecofoyer.storage.RecomputeMarks;

/**
 * Writes a meter's {@link MeterFacts} (#16) in a writer transaction, as its {@link ReadingWriter.TransactionHook}: one
 * batched statement per table, so a message that brings them costs one round trip each, and most messages bring none
 * (the pipeline's learner sends only what changed).
 */
public final class MeterFactsStore implements ReadingWriter.TransactionHook {
    private final MeterFacts facts;

    public MeterFactsStore(MeterFacts facts) {
        this.facts = facts;
    }

    @Override
    public void run(Connection c) throws SQLException {
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
