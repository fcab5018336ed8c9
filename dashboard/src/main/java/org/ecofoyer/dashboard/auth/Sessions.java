package org.ecofoyer.dashboard.auth;

import static org.ecofoyer.dashboard.DashboardSql.*;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

/**
 * Signed-in sessions, stored in the database (any instance can serve any request). A session expires when unused
 * for the idle timeout, and in any case at its maximum age. The cookie holds a random token; the table holds its
 * SHA-256.
 */
public final class Sessions {
    /** A new session: the cookie's token and the CSRF token the pages must send back. */
    public record Opened(String token, String csrfToken) {
    }

    private final Duration idle;
    private final Duration maxAge;

    public Sessions(Duration idle, Duration maxAge) {
        this.idle = idle;
        this.maxAge = maxAge;
    }

    public Duration maxAge() {
        return maxAge;
    }

    public Opened open(Connection c, long userId) throws SQLException {
        String token = Tokens.random();
        String csrf = Tokens.random();
        try (PreparedStatement ps = c.prepareStatement(INSERT_SESSION)) {
            ps.setBytes(1, Tokens.digest(token));
            ps.setLong(2, userId);
            ps.setString(3, csrf);
            ps.setString(4, idle.toMillis() + " milliseconds");
            ps.setString(5, maxAge.toMillis() + " milliseconds");
            ps.executeUpdate();
        }
        return new Opened(token, csrf);
    }

    /** The caller behind a cookie token, if its session is alive; slides the idle expiry. */
    public Optional<Caller> find(Connection c, String token) throws SQLException {
        if (token == null || token.isEmpty() || token.length() > 100) {
            return Optional.empty();
        }
        byte[] hash = Tokens.digest(token);
        Caller caller;
        boolean stale;
        try (PreparedStatement ps = c.prepareStatement(SESSION)) {
            ps.setBytes(1, hash);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                caller = new Caller(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), hash);
                stale = rs.getBoolean(7);
            }
        }
        if (stale) {
            try (PreparedStatement ps = c.prepareStatement(TOUCH_SESSION)) {
                ps.setString(1, idle.toMillis() + " milliseconds");
                ps.setBytes(2, hash);
                ps.executeUpdate();
            }
        }
        return Optional.of(caller);
    }

    /** Whether the session of this token hash is still alive, without sliding its expiry. */
    public boolean alive(Connection c, byte[] tokenHash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SESSION_ALIVE)) {
            ps.setBytes(1, tokenHash);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    public void close(Connection c, byte[] tokenHash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(DELETE_SESSION)) {
            ps.setBytes(1, tokenHash);
            ps.executeUpdate();
        }
    }

    /** Signs the account out everywhere but here (after a password change). */
    public void closeOthers(Connection c, long userId, byte[] keep) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(DELETE_OTHER_SESSIONS)) {
            ps.setLong(1, userId);
            ps.setBytes(2, keep);
            ps.executeUpdate();
        }
    }

    /** Removes expired sessions; returns how many. */
    public int purge(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(DELETE_EXPIRED_SESSIONS)) {
            return ps.executeUpdate();
        }
    }
}
