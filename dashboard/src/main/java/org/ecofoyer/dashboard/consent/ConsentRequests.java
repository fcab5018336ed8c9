package org.ecofoyer.dashboard.consent;

import static org.ecofoyer.dashboard.DashboardSql.*;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ecofoyer.dashboard.consent.Consent.ConsentTerms;
import org.ecofoyer.dashboard.consent.Consents.ConsentException;

/**
 * An advisor asking a household for access: the advisor names the household by its login and proposes terms (fluids,
 * finest step, dates of data, last day of the consent) with a message; the household accepts — a consent on those terms
 * or narrower ones, the half-hour opt-in given by the household itself — or declines; the advisor may withdraw it; it
 * lapses after {@link #OPEN_FOR}. The advisor learns nothing about whether the login exists: the answer to the request
 * and its listing are the same until the household itself answers. Blocking JDBC, the caller's clock.
 */
public final class ConsentRequests {
    /** How long a request waits for its answer. */
    public static final Duration OPEN_FOR = Duration.ofDays(30);
    /** Requests an advisor may make in a day: enough for a working day, not for trying every login. */
    public static final int PER_DAY = 20;
    public static final int MESSAGE_MAX = 500;

    private ConsentRequests() {
    }

    /**
     * A request as stored.
     *
     * @param householdId the household the login named, null when it named none (never shown to the advisor)
     * @param until       the last day of the consent asked for (in the household's zone when accepted)
     */
    public record Request(long id, long advisorId, String advisorLogin, String addressedTo, String householdId, ConsentTerms terms,
                          LocalDate until, String message, Instant createdAt, Instant openUntil, Instant answeredAt, String answer,
                          Long consentId) {

        /** pending, accepted, declined, withdrawn or lapsed, at {@code now}. */
        public String state(Instant now) {
            if (answer != null) {
                return answer;
            }
            return now.isBefore(openUntil) ? "pending" : "lapsed";
        }

        /** As the household sees it: who asks, for what, until when it can answer. */
        public JsonObject forHousehold(Instant now) {
            return terms.json().put("id", id).put("advisor", advisorLogin).put("expiresOn", until.toString()).put("message", message)
                    .put("createdAt", createdAt.toString()).put("openUntil", openUntil.toString())
                    .put("answeredAt", Consent.iso(answeredAt)).put("state", state(now)).put("consent", consentId);
        }

        /**
         * As the advisor sees it: the login it typed and the state, where "declined" shows only once the household
         * answered (a login that names no household stays "pending" until it lapses, like one nobody answers).
         */
        public JsonObject forAdvisor(Instant now) {
            return terms.json().put("id", id).put("addressedTo", addressedTo).put("expiresOn", until.toString()).put("message", message)
                    .put("createdAt", createdAt.toString()).put("openUntil", openUntil.toString())
                    .put("answeredAt", Consent.iso(answeredAt)).put("state", state(now)).put("consent", consentId)
                    .put("household", "accepted".equals(answer) ? householdId : null);
        }
    }

    /** An advisor's request; the same result whether or not {@code login} is a household's. */
    public static long ask(Connection c, long advisorId, String login, ConsentTerms terms, LocalDate until, String message,
                           Instant now) throws SQLException {
        String to = login == null ? "" : login.trim().toLowerCase(Locale.ROOT);
        if (to.isEmpty() || to.length() > 200) {
            throw new ConsentException("Name the household by its login (the one it signs in with).", false);
        }
        if (message != null && message.length() > MESSAGE_MAX) {
            throw new ConsentException("The message is limited to " + MESSAGE_MAX + " characters.", false);
        }
        // The terms are checked as a grant would check them (in UTC here, in the household's zone when accepted).
        Consents.check(requested(terms), until.plusDays(1).atStartOfDay(ZoneId.of("UTC")).toInstant(), now);
        try (PreparedStatement ps = c.prepareStatement(LOCK_ADVISOR)) {
            ps.setLong(1, advisorId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new ConsentException("Only advisors ask for access.", false);
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(COUNT_RECENT_REQUESTS)) {
            ps.setLong(1, advisorId);
            ps.setTimestamp(2, Timestamp.from(now.minus(Duration.ofDays(1))));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getLong(1) >= PER_DAY) {
                    throw new TooMany();
                }
            }
        }
        String household = null;
        try (PreparedStatement ps = c.prepareStatement(HOUSEHOLD_OF_LOGIN)) {
            ps.setString(1, to);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    household = rs.getString(1);
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT_CONSENT_REQUEST)) {
            ps.setLong(1, advisorId);
            ps.setString(2, to);
            ps.setString(3, household);
            ps.setString(4, terms.scope());
            ps.setString(5, terms.granularity().wire());
            ps.setDate(6, Date.valueOf(terms.dataFrom()));
            ps.setDate(7, Date.valueOf(terms.dataTo()));
            ps.setDate(8, Date.valueOf(until));
            ps.setString(9, message == null || message.isBlank() ? null : message.strip());
            ps.setTimestamp(10, Timestamp.from(now));
            ps.setTimestamp(11, Timestamp.from(now.plus(OPEN_FOR)));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** More requests in a day than {@link #PER_DAY}. */
    public static final class TooMany extends RuntimeException {
        TooMany() {
            super("You have made " + PER_DAY + " requests in the last 24 hours; try again tomorrow.", null, false, false);
        }
    }

    /**
     * The household accepts: a consent on the requested terms, or on {@code narrower} ones if given (they must fit inside
     * the request, and half-hours need the household's own opt-in), until the requested last day or an earlier one.
     */
    public static Consent accept(Connection c, String householdId, long id, String actor, ConsentTerms narrower, boolean halfHourOptIn,
                                 LocalDate until, ZoneId zone, Instant now) throws SQLException {
        Request r = open(c, householdId, id, now);
        ConsentTerms asked = r.terms();
        ConsentTerms terms = narrower != null ? narrower
                : new ConsentTerms(asked.fluids(), asked.granularity(), halfHourOptIn, asked.dataFrom(), asked.dataTo());
        LocalDate last = until == null ? r.until() : until;
        if (!requested(r.terms()).includes(withoutOptIn(terms)) || last.isAfter(r.until())) {
            throw new ConsentException("You can accept the request as it is or narrower (fewer fluids, coarser data, fewer dates, an"
                    + " earlier end), not wider.", false);
        }
        Consent granted = Consents.grantTo(c, householdId, actor, r.advisorId(), terms, last.plusDays(1).atStartOfDay(zone).toInstant(),
                now, " (on the advisor's request " + id + ")");
        answer(c, id, now, "accepted", granted.id());
        return granted;
    }

    public static void decline(Connection c, String householdId, long id, Instant now) throws SQLException {
        open(c, householdId, id, now);
        answer(c, id, now, "declined", null);
    }

    public static void withdraw(Connection c, long advisorId, long id, Instant now) throws SQLException {
        Request r = one(c, REQUEST_OF_ADVISOR, id, advisorId);
        if (!"pending".equals(r.state(now))) {
            throw new ConsentException("This request is no longer pending.", false);
        }
        answer(c, id, now, "withdrawn", null);
    }

    /** The request's terms as an upper bound: the household may give the half-hour opt-in the advisor asked for. */
    private static ConsentTerms requested(ConsentTerms t) {
        return new ConsentTerms(t.fluids(), t.granularity(), true, t.dataFrom(), t.dataTo());
    }

    private static ConsentTerms withoutOptIn(ConsentTerms t) {
        return new ConsentTerms(t.fluids(), t.granularity(), false, t.dataFrom(), t.dataTo());
    }

    private static Request open(Connection c, String householdId, long id, Instant now) throws SQLException {
        Request r = one(c, REQUEST_OF_HOUSEHOLD, id, householdId);
        if (!"pending".equals(r.state(now))) {
            throw new ConsentException("This request is no longer open (" + r.state(now) + ").", false);
        }
        return r;
    }

    private static void answer(Connection c, long id, Instant now, String answer, Long consentId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ANSWER_REQUEST)) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setString(2, answer);
            if (consentId == null) {
                ps.setNull(3, java.sql.Types.BIGINT);
            } else {
                ps.setLong(3, consentId);
            }
            ps.setLong(4, id);
            ps.executeUpdate();
        }
    }

    public static List<Request> ofHousehold(Connection c, String householdId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(REQUESTS_OF_HOUSEHOLD)) {
            ps.setString(1, householdId);
            return list(ps);
        }
    }

    public static List<Request> ofAdvisor(Connection c, long advisorId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(REQUESTS_OF_ADVISOR)) {
            ps.setLong(1, advisorId);
            return list(ps);
        }
    }

    private static Request one(Connection c, String sql, long id, Object owner) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            ps.setObject(2, owner);
            return list(ps).stream().findFirst().orElseThrow(() -> new ConsentException("There is no such request.", true));
        }
    }

    private static List<Request> list(PreparedStatement ps) throws SQLException {
        List<Request> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ConsentTerms terms = new ConsentTerms(ConsentTerms.parseScope(rs.getString(6)), ConsentGranularity.parse(rs.getString(7)),
                        false, rs.getDate(8).toLocalDate(), rs.getDate(9).toLocalDate());
                Timestamp answered = rs.getTimestamp(14);
                long consent = rs.getLong(16);
                Long consentId = rs.wasNull() ? null : consent;
                out.add(new Request(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5), terms,
                        rs.getDate(10).toLocalDate(), rs.getString(11), rs.getTimestamp(12).toInstant(), rs.getTimestamp(13).toInstant(),
                        answered == null ? null : answered.toInstant(), rs.getString(15), consentId));
            }
        }
        return out;
    }
}
