package org.ecofoyer.storage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import javax.sql.DataSource;

/**
 * Runs blocking JDBC work on a dedicated worker pool and hands back a {@link Future}, so that Vert.x code composes
 * database work without ever blocking an event loop.
 */
public final class Jdbc implements AutoCloseable {

    /** A piece of JDBC work on a connection. */
    @FunctionalInterface
    public interface Work<T> {
        T apply(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;
    private final WorkerExecutor workers;

    public Jdbc(Vertx vertx, DataSource dataSource, int threads) {
        this.dataSource = dataSource;
        this.workers = vertx.createSharedWorkerExecutor("ecofoyer-jdbc", threads);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Runs {@code work} with auto-commit on. */
    public <T> Future<T> run(Work<T> work) {
        return workers.executeBlocking(() -> {
            try (Connection c = dataSource.getConnection()) {
                return work.apply(c);
            }
        }, false);
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    public <T> Future<T> inTransaction(Work<T> work) {
        return workers.executeBlocking(() -> transaction(dataSource, work), false);
    }

    /** The blocking form of {@link #inTransaction}, for code already on a worker thread. */
    public static <T> T transaction(DataSource dataSource, Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            return completeOrUndo(c, work, c::commit, c::rollback);
        }
    }

    /**
     * Runs {@code work} on a connection the caller holds, all or nothing: in a transaction of its own when the connection
     * is in auto-commit mode, else under a savepoint of the caller's transaction (rolled back to it when {@code work}
     * throws, so that the caller's transaction stays usable and holds none of it).
     */
    public static <T> T allOrNothing(Connection c, Work<T> work) throws SQLException {
        if (c.getAutoCommit()) {
            c.setAutoCommit(false);
            try {
                return completeOrUndo(c, work, c::commit, c::rollback);
            } finally {
                c.setAutoCommit(true);
            }
        }
        Savepoint savepoint = c.setSavepoint();
        return completeOrUndo(c, work, () -> c.releaseSavepoint(savepoint), () -> c.rollback(savepoint));
    }

    private interface Step {
        void run() throws SQLException;
    }

    /** Runs {@code work}, then {@code complete}; or {@code undo} when it throws (and throws on). */
    private static <T> T completeOrUndo(Connection c, Work<T> work, Step complete, Step undo) throws SQLException {
        try {
            T result = work.apply(c);
            complete.run();
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                undo.run();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    @Override
    public void close() {
        workers.close();
    }
}
