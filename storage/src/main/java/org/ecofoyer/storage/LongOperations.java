package org.ecofoyer.storage;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The pool's connections for work that may legitimately run long (a migration building an index, a backup or restore,
 * the recompute of a long backfill): the pool's limits are for ingest, where a silent database must be noticed in
 * seconds, and would cut such work short. Each connection handed out has no {@code statement_timeout} and a read timeout
 * of {@code storage.long-operation-timeout} (none when zero); both are put back when it returns to the pool
 * (the network timeout by HikariCP itself, the statement timeout by {@code RESET}, or the connection is dropped).
 */
final class LongOperations implements DataSource {
    private final DataSource pool;
    private final int readTimeoutMillis;

    LongOperations(DataSource pool, Duration readTimeout) {
        this.pool = pool;
        this.readTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, readTimeout.toMillis());
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection c = pool.getConnection();
        try {
            c.setNetworkTimeout(Runnable::run, readTimeoutMillis);
            try (Statement st = c.createStatement()) {
                st.execute(CoreModelSql.NO_STATEMENT_TIMEOUT);
            }
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                new Restoring(c));
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("long operations use the pool's credentials");
    }

    /** Puts the pool's statement timeout back before the connection returns to the pool. */
    private record Restoring(Connection c) implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getName().equals("close") && method.getParameterCount() == 0) {
                restoreAndClose();
                return null;
            }
            try {
                return method.invoke(c, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        private void restoreAndClose() throws SQLException {
            if (c.isClosed()) {
                return;
            }
            try {
                if (!c.getAutoCommit()) {
                    // What the caller left uncommitted is undone, as the pool would do; and RESET must run in a
                    // transaction of its own, or the pool's rollback on return would undo it too.
                    c.rollback();
                    c.setAutoCommit(true);
                }
                try (Statement st = c.createStatement()) {
                    st.execute(CoreModelSql.RESET_STATEMENT_TIMEOUT);
                }
            } catch (SQLException | RuntimeException e) {
                // Not put back: the connection must not return to the pool without its timeout.
                c.abort(Runnable::run);
            } finally {
                c.close();
            }
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        return pool.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || pool.isWrapperFor(iface);
    }
}
