package org.ecofoyer.storage;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The read-only connections of the dashboard's chart reads ({@link Database#readDataSource()}): a connection to the
 * streaming replica when it is recent enough, else one to the primary. The rule (docs/architecture.md, "Read
 * replicas"): a connection is handed out from the replica only if the replica has replayed the primary's WAL up to a
 * <em>fence</em>, the primary's {@code pg_current_wal_insert_lsn()} (what it has written, flushed or not: an asynchronous commit is visible before its flush) sampled at most {@code maxLag} ago; so what a replica read
 * shows holds every commit the primary had made {@code maxLag} before the read. A replica behind the fence (replay
 * paused or slow, a long conflict) or unreachable is passed over for the primary: never an older answer, never none.
 *
 * <p>The fence is sampled on demand, at most once per {@code maxLag} (one short primary round trip, no I/O), so a
 * continuously written primary does not send every read back to it: a replica streaming a few milliseconds behind
 * still passes. With {@code maxLag} zero every read samples it: a replica read then holds everything committed before
 * the read began (read-your-writes for every writer, at the cost of that round trip).
 */
public final class ReplicaReads implements DataSource {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ReplicaReads.class);

    /** The primary's WAL position at an instant. */
    record Fence(String lsn, Instant sampledAt) {
    }

    private final DataSource primary;
    private final DataSource replica;
    private final Duration maxLag;
    private final Clock clock;
    private volatile Fence fence;
    /** Until when an unreachable replica is not tried again (each try waits for the connect timeout). */
    private volatile Instant replicaDownUntil = Instant.MIN;
    static final Duration RETRY_UNREACHABLE_AFTER = Duration.ofSeconds(30);
    private final AtomicLong fromReplica = new AtomicLong();
    private final AtomicLong fromPrimary = new AtomicLong();
    private final AtomicLong replicaTries = new AtomicLong();

    public ReplicaReads(DataSource primary, DataSource replica, Duration maxLag, Clock clock) {
        this.primary = primary;
        this.replica = replica;
        this.maxLag = maxLag;
        this.clock = clock;
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (clock.instant().isBefore(replicaDownUntil)) {
            return fromPrimary();
        }
        Fence f = fence();
        Connection c;
        try {
            replicaTries.incrementAndGet();
            c = replica.getConnection();
        } catch (SQLException e) {
            replicaDownUntil = clock.instant().plus(RETRY_UNREACHABLE_AFTER);
            LOG.warn("read replica unreachable, reading from the primary for {}: {}", RETRY_UNREACHABLE_AFTER,
                    Redact.text(e.getMessage()));
            return fromPrimary();
        }
        try (PreparedStatement ps = c.prepareStatement(CoreModelSql.REPLAYED_UP_TO)) {
            ps.setString(1, f.lsn());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getBoolean(1)) {
                    fromReplica.incrementAndGet();
                    return c;
                }
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("read replica check failed, reading from the primary: {}", Redact.text(e.getMessage()));
        }
        c.close();
        return fromPrimary();
    }

    private Connection fromPrimary() throws SQLException {
        fromPrimary.incrementAndGet();
        return primary.getConnection();
    }

    /** The fence, sampled again from the primary when it is {@code maxLag} old or older. */
    private Fence fence() throws SQLException {
        Fence f = fence;
        Instant now = clock.instant();
        if (f != null && Duration.between(f.sampledAt(), now).compareTo(maxLag) < 0) {
            return f;
        }
        // Sampled after `now` is read: the fence is at least as new as the instant it is dated.
        try (Connection c = primary.getConnection(); PreparedStatement ps = c.prepareStatement(CoreModelSql.PRIMARY_LSN);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            f = new Fence(rs.getString(1), now);
        }
        fence = f;
        return f;
    }

    /** How many connections came from the replica, and how many from the primary (metrics, tests). */
    public long servedByReplica() {
        return fromReplica.get();
    }

    public long servedByPrimary() {
        return fromPrimary.get();
    }

    /** How many times a replica connection was asked for. */
    long replicaTries() {
        return replicaTries.get();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the pools' credentials are fixed");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // no log writer: SLF4J
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // the pools' own
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }
}
