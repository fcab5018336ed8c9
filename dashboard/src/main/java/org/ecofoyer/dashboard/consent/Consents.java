package org.ecofoyer.dashboard.consent;

import static org.ecofoyer.dashboard.DashboardSql.*;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.ecofoyer.dashboard.consent.Consent.ConsentTerms;

/**
 * The consents households give advisors, and their history: grant (by the advisor's code), narrow, revoke, expire.
 * Every change writes a {@code consent_event} in the same transaction. Time comes from the caller's clock ({@code now}),
 * never from the database's, so that expiry is what the dashboard's clock says. Blocking JDBC.
 */
public final class Consents {
    /** The longest a consent may run: the household renews it if it wants to (the CNIL's guidance for advisers' access). */
    public static final java.time.Duration LONGEST = java.time.Duration.ofDays(3 * 366);
    private static final String CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Consents() {
    }

    /** A refusal the household can act on (bad code, wider terms, an ended consent). */
    public static final class ConsentException extends RuntimeException {
        private final boolean notFound;
        private final boolean unknownCode;

        ConsentException(String message, boolean notFound) {
            this(message, notFound, false);
        }

        ConsentException(String message, boolean notFound, boolean unknownCode) {
            super(message, null, false, false);
            this.notFound = notFound;
            this.unknownCode = unknownCode;
        }

        public boolean notFound() {
            return notFound;
        }

        /** A code that names no advisor: a failed guess, counted by the throttle. */
        public boolean unknownCode() {
            return unknownCode;
        }
    }

    /** One change of a consent, as the household and the advisor see it. */
    public record Event(long consentId, String householdId, String advisor, Instant at, String action, String actor, String terms) {
    }

    /** A new advisor code: 10 characters of a 32-letter alphabet without 0/O, 1/I (read aloud, typed by hand). */
    public static String newAdvisorCode() {
        StringBuilder sb = new StringBuilder(10);
        for (int i = 0; i < 10; i++) {
            sb.append(CODE_ALPHABET.charAt(RANDOM.nextInt(CODE_ALPHABET.length())));
        }
        return sb.toString();
    }

    /** Gives an advisor account a (new) code. */
    public static String assignAdvisorCode(Connection c, long advisorId) throws SQLException {
        String code = newAdvisorCode();
        try (PreparedStatement ps = c.prepareStatement(SET_ADVISOR_CODE)) {
            ps.setString(1, code);
            ps.setLong(2, advisorId);
            return ps.executeUpdate() == 1 ? code : null;
        }
    }

    public static Optional<String> advisorCode(Connection c, long advisorId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ADVISOR_CODE)) {
            ps.setLong(1, advisorId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** The code as people type it: spaces and dashes dropped, upper case. */
    static String normalise(String code) {
        return code.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
    }

    /**
     * Grants the advisor whose code the household typed access on these terms until {@code expiresAt}. A live consent of
     * the same household to the same advisor is replaced (revoked, recorded as such): one consent a pair at a time.
     */
    public static Consent grant(Connection c, String householdId, String actor, String advisorCode, ConsentTerms terms,
                                Instant expiresAt, Instant now) throws SQLException {
        check(terms, expiresAt, now);
        long advisorId;
        try (PreparedStatement ps = c.prepareStatement(ADVISOR_BY_CODE)) {
            ps.setString(1, normalise(advisorCode));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new ConsentException("No advisor has this code: check it with your advisor.", true, true);
                }
                advisorId = rs.getLong(1);
            }
        }
        return grantLocked(c, householdId, actor, advisorId, terms, expiresAt, now, "");
    }

    /** Grants an advisor known by its id (a request the household accepts), {@code note} added to the history line. */
    static Consent grantTo(Connection c, String householdId, String actor, long advisorId, ConsentTerms terms, Instant expiresAt,
                           Instant now, String note) throws SQLException {
        check(terms, expiresAt, now);
        try (PreparedStatement ps = c.prepareStatement(LOCK_ADVISOR)) {
            ps.setLong(1, advisorId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new ConsentException("This advisor's account no longer exists.", true);
                }
            }
        }
        return grantLocked(c, householdId, actor, advisorId, terms, expiresAt, now, note);
    }

    /** The grant itself, the advisor's row locked by the caller so that two grants to one advisor never interleave. */
    private static Consent grantLocked(Connection c, String householdId, String actor, long advisorId, ConsentTerms terms,
                                       Instant expiresAt, Instant now, String note) throws SQLException {
        for (Consent old : unrevoked(c, advisorId, householdId)) {
            if (old.liveAt(now)) {
                revokeRow(c, old.id(), now);
                event(c, old.id(), householdId, now, "replaced", actor, old.terms().describe());
            }
        }
        long id;
        try (PreparedStatement ps = c.prepareStatement(INSERT_CONSENT)) {
            ps.setString(1, householdId);
            ps.setLong(2, advisorId);
            ps.setString(3, terms.scope());
            ps.setString(4, terms.granularity().wire());
            ps.setBoolean(5, terms.halfHourOptIn());
            ps.setDate(6, Date.valueOf(terms.dataFrom()));
            ps.setDate(7, Date.valueOf(terms.dataTo()));
            ps.setTimestamp(8, Timestamp.from(now));
            ps.setTimestamp(9, Timestamp.from(expiresAt));
            ps.setTimestamp(10, Timestamp.from(now));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        event(c, id, householdId, now, "granted", actor, terms.describe() + "; until " + expiresAt + note);
        return byId(c, householdId, id);
    }

    /** Narrows a live consent: fewer fluids, coarser buckets, fewer dates, an earlier end; never more than it allowed. */
    public static Consent narrow(Connection c, String householdId, long id, String actor, ConsentTerms terms, Instant expiresAt,
                                 Instant now) throws SQLException {
        Consent old = byId(c, householdId, id);
        if (!old.liveAt(now)) {
            throw new ConsentException("This consent has ended: grant a new one.", false);
        }
        check(terms, expiresAt, now);
        if (!old.terms().includes(terms) || expiresAt.isAfter(old.expiresAt())) {
            throw new ConsentException("A consent can only be narrowed (fewer fluids, coarser data, fewer dates, an earlier end):"
                    + " grant a new one to allow more.", false);
        }
        try (PreparedStatement ps = c.prepareStatement(NARROW_CONSENT)) {
            ps.setString(1, terms.scope());
            ps.setString(2, terms.granularity().wire());
            ps.setBoolean(3, terms.halfHourOptIn());
            ps.setDate(4, Date.valueOf(terms.dataFrom()));
            ps.setDate(5, Date.valueOf(terms.dataTo()));
            ps.setTimestamp(6, Timestamp.from(expiresAt));
            ps.setTimestamp(7, Timestamp.from(now));
            ps.setLong(8, id);
            ps.executeUpdate();
        }
        event(c, id, householdId, now, "narrowed", actor, terms.describe() + "; until " + expiresAt);
        return byId(c, householdId, id);
    }

    /** Revokes a consent at {@code now} (again: nothing changes). */
    public static Consent revoke(Connection c, String householdId, long id, String actor, Instant now) throws SQLException {
        Consent old = byId(c, householdId, id);
        if (old.revokedAt() == null && revokeRow(c, id, now)) {
            event(c, id, householdId, now, "revoked", actor, old.terms().describe());
        }
        return byId(c, householdId, id);
    }

    private static boolean revokeRow(Connection c, long id, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(REVOKE_CONSENT)) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setLong(3, id);
            return ps.executeUpdate() == 1;
        }
    }

    static void check(ConsentTerms terms, Instant expiresAt, Instant now) {
        if (terms.fluids().isEmpty()) {
            throw new ConsentException("Choose at least one fluid.", false);
        }
        if (terms.granularity() == ConsentGranularity.HALF_HOUR && !terms.halfHourOptIn()) {
            throw new ConsentException("Half-hours (your load curve) need their own explicit opt-in (halfHourOptIn).", false);
        }
        if (!terms.dataTo().isAfter(terms.dataFrom())) {
            throw new ConsentException("The data period must end after it starts.", false);
        }
        if (!expiresAt.isAfter(now) || expiresAt.isAfter(now.plus(LONGEST))) {
            throw new ConsentException("The consent must end in the future and within three years.", false);
        }
    }

    private static void event(Connection c, long consentId, String householdId, Instant at, String action, String actor, String terms)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT_CONSENT_EVENT)) {
            ps.setLong(1, consentId);
            ps.setString(2, householdId);
            ps.setTimestamp(3, Timestamp.from(at));
            ps.setString(4, action);
            ps.setString(5, actor);
            ps.setString(6, terms);
            ps.executeUpdate();
        }
    }

    /** Records the consents that expired by {@code now} (once each, at their end); how many. */
    public static int recordExpiries(Connection c, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(RECORD_EXPIRIES)) {
            ps.setTimestamp(1, Timestamp.from(now));
            return ps.executeUpdate();
        }
    }

    /** The live consent of a household to an advisor at {@code now}, if any. */
    public static Optional<Consent> live(Connection c, long advisorId, String householdId, Instant now) throws SQLException {
        return unrevoked(c, advisorId, householdId).stream().filter(x -> x.liveAt(now)).findFirst();
    }

    private static List<Consent> unrevoked(Connection c, long advisorId, String householdId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(UNREVOKED_CONSENTS)) {
            ps.setLong(1, advisorId);
            ps.setString(2, householdId);
            return list(ps);
        }
    }

    static Consent byId(Connection c, String householdId, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(CONSENT_BY_ID)) {
            ps.setLong(1, id);
            ps.setString(2, householdId);
            return list(ps).stream().findFirst().orElseThrow(() -> new ConsentException("There is no such consent.", true));
        }
    }

    public static List<Consent> ofHousehold(Connection c, String householdId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(CONSENTS_OF)) {
            ps.setString(1, householdId);
            return list(ps);
        }
    }

    public static List<Consent> ofAdvisor(Connection c, long advisorId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(CONSENTS_OF_ADVISOR)) {
            ps.setLong(1, advisorId);
            return list(ps);
        }
    }

    public static List<Event> eventsOfHousehold(Connection c, String householdId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(CONSENT_EVENTS_OF_HOUSEHOLD)) {
            ps.setString(1, householdId);
            return events(ps);
        }
    }

    public static List<Event> eventsOfAdvisor(Connection c, long advisorId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(CONSENT_EVENTS_OF_ADVISOR)) {
            ps.setLong(1, advisorId);
            return events(ps);
        }
    }

    private static List<Event> events(PreparedStatement ps) throws SQLException {
        List<Event> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Event(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant(), rs.getString(5),
                        rs.getString(6), rs.getString(7)));
            }
        }
        return out;
    }

    private static List<Consent> list(PreparedStatement ps) throws SQLException {
        List<Consent> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String g = rs.getString(6);
                Date from = rs.getDate(8);
                Date to = rs.getDate(9);
                ConsentTerms terms = new ConsentTerms(ConsentTerms.parseScope(rs.getString(5)),
                        g == null ? null : ConsentGranularity.parse(g), rs.getBoolean(7),
                        from == null ? null : from.toLocalDate(), to == null ? null : to.toLocalDate());
                out.add(new Consent(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), terms,
                        instant(rs.getTimestamp(10)), instant(rs.getTimestamp(11)), instant(rs.getTimestamp(12))));
            }
        }
        return out;
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
