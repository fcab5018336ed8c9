package org.ecofoyer.ingest.pipeline;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.ecofoyer.ingest.writer.ReadingWriter;
import org.ecofoyer.ingest.writer.SessionFenced;

/**
 * The fence in the write transaction: run last in the transaction of a submission, it refuses to let it commit when
 * a message whose values it carries was received on an MQTT session fenced since ({@link SessionEpoch}). A peer adopts
 * such a session and is sent those messages again; committing them here too (the database back after a partition)
 * would store each undated one twice. An in-memory check, then the submission's own hook (meter facts), if any.
 */
record FenceCheck(List<SessionEpoch.Ticket> tickets, ReadingWriter.TransactionHook then) implements ReadingWriter.TransactionHook {

    /** {@code then} guarded by {@code tickets}; {@code then} itself (maybe null) when there is no ticket to check. */
    static ReadingWriter.TransactionHook of(List<SessionEpoch.Ticket> tickets, ReadingWriter.TransactionHook then) {
        return tickets.isEmpty() ? then : new FenceCheck(List.copyOf(tickets), then);
    }

    @Override
    public void run(Connection c) throws SQLException {
        for (SessionEpoch.Ticket t : tickets) {
            if (t.stale()) {
                throw new SessionFenced();
            }
        }
        if (then != null) {
            then.run(c);
        }
    }
}
