package org.ecofoyer.ingest.writer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The leases on MQTT client ids ({@code mqtt_session_lease}): who holds which session, until when. Used by the MQTT
 * source's failover ({@code source.SessionFailover}); here because ingest's SQL lives in its writer, sync and query
 * packages. A database error comes back as {@link IllegalStateException} (the caller retries at its next tick).
 */
public final class SessionLeases {
    private final DataSource dataSource;

    public SessionLeases(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    private static IllegalStateException failed(String what, SQLException e) {
        return new IllegalStateException("MQTT session lease: " + what + " failed: " + e.getMessage(), e);
    }

    /** True when {@code clientId} holds its own lease now; false while a peer's live claim holds it (a drain in progress). */
    public boolean renewOwn(String clientId, String group, Duration ttl) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(LeaseSql.RENEW_OWN)) {
            ps.setString(1, clientId);
            ps.setString(2, group);
            ps.setString(3, clientId);
            ps.setLong(4, ttl.toMillis());
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw failed("renewal", e);
        }
    }

    /** The client id of a lapsed session of the group, now held by {@code claimant} for {@code ttl}; empty if none. */
    public Optional<String> claimLapsed(String group, String claimant, Duration ttl) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(LeaseSql.CLAIM)) {
            ps.setString(1, claimant);
            ps.setLong(2, ttl.toMillis());
            ps.setString(3, group);
            ps.setString(4, claimant);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failed("claim", e);
        }
    }

    /** False when the claim was lost (the owner came back and renewed its lease). */
    public boolean renewClaim(String clientId, String holder, Duration ttl) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(LeaseSql.RENEW_CLAIM)) {
            ps.setLong(1, ttl.toMillis());
            ps.setString(2, clientId);
            ps.setString(3, holder);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw failed("claim renewal", e);
        }
    }

    /** A lease as the database sees it now: who holds it, and seconds until it expires (negative: lapsed since). */
    public record Lease(String clientId, String holder, boolean lapsed, double expiresInSeconds) {
    }

    /** The lease on {@code clientId}, or empty once none is held (never taken, or released after its session was drained). */
    public Optional<Lease> find(String clientId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(LeaseSql.FIND)) {
            ps.setString(1, clientId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Lease(clientId, rs.getString(1), rs.getBoolean(2), rs.getDouble(3)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw failed("look-up", e);
        }
    }

    public void release(String clientId, String holder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(LeaseSql.RELEASE)) {
            ps.setString(1, clientId);
            ps.setString(2, holder);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failed("release", e);
        }
    }
}
