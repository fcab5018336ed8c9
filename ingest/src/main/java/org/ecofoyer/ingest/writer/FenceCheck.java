package org.ecofoyer.ingest.writer;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The fence in the write transaction: run last in the transaction of a submission, it refuses to let it commit when
 * a message whose values it carries was received on an MQTT session fenced since (the pipeline's {@code SessionEpoch}:
 * each {@code fenced} check is one message's ticket). A peer adopts such a session and is sent those messages again;
 * committing them here too (the database back after a partition) would store each undated one twice. An in-memory
 * check, then the submission's own hook (meter facts), if any.
 */
public record FenceCheck(List<BooleanSupplier> fenced, ReadingWriter.TransactionHook then) implements ReadingWriter.TransactionHook {

    /** {@code then} guarded by {@code fenced}; {@code then} itself (maybe null) when there is nothing to check. */
    public static ReadingWriter.TransactionHook of(List<? extends BooleanSupplier> fenced, ReadingWriter.TransactionHook then) {
        return fenced.isEmpty() ? then : new FenceCheck(List.<BooleanSupplier>copyOf(fenced), then);
    }

    @Override
    public void run(Connection c) throws SQLException {
        for (BooleanSupplier f : fenced) {
            if (f.getAsBoolean()) {
                throw new SessionFenced();
            }
        }
        if (then != null) {
            then.run(c);
        }
    }
}
