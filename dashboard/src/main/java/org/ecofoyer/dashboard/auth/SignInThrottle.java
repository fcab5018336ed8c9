package org.ecofoyer.dashboard.auth;

import static org.ecofoyer.dashboard.DashboardSql.*;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Limits failed guesses per account and per client address over a sliding window, in the database so that every
 * instance sees the same counts. A refused attempt is not verified at all (no password hashing), which also keeps a
 * guessing attack from burning CPU. Two kinds share the table under their own subjects: sign-ins (per login) and
 * advisor codes typed by a household (per household: the codes carry about 50 bits, the limit makes guessing one hopeless).
 * Both use the same window, so that either's purge keeps the other's rows that still count.
 */
public final class SignInThrottle {
    private final Duration window;
    private final int perAccount;
    private final int perAddress;
    private final String prefix;

    public SignInThrottle(Duration window, int perAccount, int perAddress) {
        this(window, perAccount, perAddress, "");
    }

    private SignInThrottle(Duration window, int perAccount, int perAddress, String prefix) {
        this.window = window;
        this.perAccount = perAccount;
        this.perAddress = perAddress;
        this.prefix = prefix;
    }

    /** Wrong advisor codes: per household (its id in place of a login) and per address, apart from sign-ins. */
    public static SignInThrottle advisorCodes(Duration window, int perHousehold, int perAddress) {
        return new SignInThrottle(window, perHousehold, perAddress, ADVISOR_CODE_PREFIX);
    }

    /** The subject prefix of wrong advisor codes; {@code code:login:<household id>} counts a household's. */
    public static final String ADVISOR_CODE_PREFIX = "code:";

    public static String accountSubject(String login) {
        return "login:" + (login == null ? "" : login.toLowerCase(Locale.ROOT));
    }

    public static String addressSubject(String address) {
        return "addr:" + address;
    }

    /** Seconds to wait before the next attempt is accepted, 0 when it may go ahead. */
    public long retryAfter(Connection c, String login, String address) throws SQLException {
        return Math.max(wait(c, prefix + accountSubject(login), perAccount), wait(c, prefix + addressSubject(address), perAddress));
    }

    private long wait(Connection c, String subject, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(COUNT_FAILURES)) {
            ps.setString(1, subject);
            ps.setString(2, window.toMillis() + " milliseconds");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getLong(1) < limit) {
                    return 0;
                }
                Timestamp oldest = rs.getTimestamp(2);
                long s = Duration.between(Instant.now(), oldest.toInstant().plus(window)).toSeconds();
                return Math.max(1, s + 1);
            }
        }
    }

    public void failed(Connection c, String login, String address) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT_FAILURE)) {
            ps.setString(1, prefix + accountSubject(login));
            ps.addBatch();
            ps.setString(1, prefix + addressSubject(address));
            ps.addBatch();
            ps.executeBatch();
        }
    }

    /** After a successful sign-in the account's count starts again (the address's does not). */
    public void succeeded(Connection c, String login) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(CLEAR_FAILURES)) {
            ps.setString(1, prefix + accountSubject(login));
            ps.executeUpdate();
        }
    }

    public int purge(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(DELETE_OLD_FAILURES)) {
            ps.setString(1, window.toMillis() + " milliseconds");
            return ps.executeUpdate();
        }
    }
}
