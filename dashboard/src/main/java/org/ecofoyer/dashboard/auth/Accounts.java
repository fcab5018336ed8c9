package org.ecofoyer.dashboard.auth;

import static org.ecofoyer.dashboard.DashboardSql.*;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.ecofoyer.storage.Households;

/**
 * Accounts and invitations. Blocking JDBC on the caller's connection: the CLI calls it directly, the HTTP API through
 * {@code Jdbc} on a worker. Password hashing is slow by design, so the HTTP API hashes outside the database worker.
 */
public final class Accounts {
    /** A refused request, with a message for the person who made it. */
    public static class AccountException extends RuntimeException {
        public AccountException(String message) {
            super(message);
        }
    }

    /** The login belongs to an existing account (said to operators; never to an invitee). */
    public static final class LoginTakenException extends AccountException {
        public LoginTakenException(String login) {
            super("the login '" + login + "' is taken");
        }
    }

    /** A stored account with its hash, for verification. */
    public record Credentials(User user, String passwordHash) {
    }

    /** A pending invitation. */
    public record Invitation(Role role, String householdId, Instant expiresAt) {
    }

    private final PasswordHasher hasher;

    public Accounts(PasswordHasher hasher) {
        this.hasher = hasher;
    }

    public PasswordHasher hasher() {
        return hasher;
    }

    /** Creates an account; checks the login, the password's strength and the role/household pairing. */
    public User add(Connection c, String login, String password, Role role, String householdId, String displayName,
                    String locale) throws SQLException {
        checkNew(c, login, password, role, householdId);
        return insert(c, login, hasher.hash(password.toCharArray()), role, householdId, displayName, locale);
    }

    /** Checks what {@link #add} checks, without hashing: lets the API hash off the database worker. */
    public void checkNew(Connection c, String login, String password, Role role, String householdId) throws SQLException {
        if (login == null || !login.matches("[A-Za-z0-9._@+-]{3,64}")) {
            throw new AccountException("the login must have 3 to 64 letters, digits or . _ @ + -");
        }
        String weak = PasswordHasher.weakness(password, login);
        if (weak != null) {
            throw new AccountException(weak);
        }
        if (role == Role.HOUSEHOLD && (householdId == null || householdId.isBlank())) {
            throw new AccountException("a household account needs --household ID");
        }
        if (role != Role.HOUSEHOLD && householdId != null) {
            throw new AccountException("only household accounts belong to a household");
        }
        if (householdId != null && !Households.exists(c, householdId)) {
            throw new AccountException("no household '" + householdId + "' (create it first: ecofoyer household add --name NAME)");
        }
        if (credentials(c, login).isPresent()) {
            throw new LoginTakenException(login);
        }
    }

    public User insert(Connection c, String login, String passwordHash, Role role, String householdId,
                       String displayName, String locale) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT_USER)) {
            ps.setString(1, login);
            ps.setString(2, displayName);
            ps.setString(3, role.name());
            ps.setString(4, householdId);
            ps.setString(5, passwordHash);
            ps.setString(6, "en".equals(locale) ? "en" : "fr");
            User u;
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                u = user(rs);
            }
            if (role == Role.ADVISOR) { // the code households find it by (issue #15)
                org.ecofoyer.dashboard.consent.Consents.assignAdvisorCode(c, u.id());
            }
            return u;
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw new AccountException("the login '" + login + "' is taken");
            }
            throw e;
        }
    }

    public Optional<Credentials> credentials(Connection c, String login) throws SQLException {
        return credentials(c, USER_BY_LOGIN, ps -> ps.setString(1, login));
    }

    public Optional<Credentials> credentials(Connection c, long userId) throws SQLException {
        return credentials(c, USER_BY_ID, ps -> ps.setLong(1, userId));
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private static Optional<Credentials> credentials(Connection c, String sql, Binder binder) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Credentials(user(rs), rs.getString("password_hash"))) : Optional.empty();
            }
        }
    }

    public void setPasswordHash(Connection c, long userId, String hash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SET_PASSWORD)) {
            ps.setString(1, hash);
            ps.setLong(2, userId);
            ps.executeUpdate();
        }
    }

    public void setLocale(Connection c, long userId, String locale) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SET_LOCALE)) {
            ps.setString(1, locale);
            ps.setLong(2, userId);
            ps.executeUpdate();
        }
    }

    /** Creates an invitation and returns its token (shown once; only its digest is stored). */
    public String invite(Connection c, Role role, String householdId, String createdBy, Duration validity) throws SQLException {
        if (role == Role.HOUSEHOLD && (householdId == null || !Households.exists(c, householdId))) {
            throw new AccountException(householdId == null ? "a household invitation needs --household ID"
                    : "no household '" + householdId + "'");
        }
        if (role != Role.HOUSEHOLD && householdId != null) {
            throw new AccountException("only household accounts belong to a household");
        }
        String token = Tokens.random();
        try (PreparedStatement ps = c.prepareStatement(INSERT_INVITATION)) {
            ps.setBytes(1, Tokens.digest(token));
            ps.setString(2, role.name());
            ps.setString(3, householdId);
            ps.setString(4, createdBy);
            ps.setString(5, validity.toSeconds() + " seconds");
            ps.executeQuery().close();
        }
        return token;
    }

    /** The invitation behind a token, if it is unused and unexpired (locks it until the transaction ends). */
    public Optional<Invitation> invitation(Connection c, String token) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INVITATION)) {
            ps.setBytes(1, Tokens.digest(token == null ? "" : token));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Invitation(Role.valueOf(rs.getString(1)), rs.getString(2), rs.getTimestamp(3).toInstant()));
            }
        }
    }

    /** Marks the invitation used by the new account; call in the transaction that created the account. */
    public void markUsed(Connection c, String token, long userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(USE_INVITATION)) {
            ps.setLong(1, userId);
            ps.setBytes(2, Tokens.digest(token));
            ps.executeUpdate();
        }
    }

    private static User user(ResultSet rs) throws SQLException {
        return new User(rs.getLong("id"), rs.getString("login"), rs.getString("display_name"),
                Role.valueOf(rs.getString("role")), rs.getString("household_id"), rs.getString("locale"));
    }
}
