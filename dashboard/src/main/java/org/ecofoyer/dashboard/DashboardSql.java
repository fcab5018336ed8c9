package org.ecofoyer.dashboard;

/**
 * Every SQL statement of the dashboard module, named: on the tables it owns (accounts, sessions, invitations, sign-in
 * failures, consents, the access log, OAuth states). Households and meters are read through storage's
 * {@code Households} and {@code Meters}, readings and sync states through ingest's {@code ingest.query}, rollups through
 * aggregation's {@code QueryService} and export part.
 */
public final class DashboardSql {
    private DashboardSql() {
    }

    public static final String USER_COLUMNS = "id, login, display_name, role, household_id, locale";

    public static final String INSERT_USER = "INSERT INTO app_user (login, display_name, role, household_id, password_hash, locale)"
            + " VALUES (?, ?, ?, ?, ?, ?) RETURNING " + USER_COLUMNS;
    public static final String USER_BY_LOGIN = "SELECT " + USER_COLUMNS + ", password_hash FROM app_user WHERE lower(login) = lower(?)";
    public static final String USER_BY_ID = "SELECT " + USER_COLUMNS + ", password_hash FROM app_user WHERE id = ?";
    public static final String SET_PASSWORD = "UPDATE app_user SET password_hash = ?, password_changed_at = now() WHERE id = ?";
    public static final String SET_LOCALE = "UPDATE app_user SET locale = ? WHERE id = ?";

    public static final String INSERT_SESSION = "INSERT INTO user_session (token_hash, user_id, csrf_token, idle_expires, expires_at)"
            + " VALUES (?, ?, ?, now() + ?::interval, now() + ?::interval)";
    /** The session and its account, if neither expiry has passed. */
    public static final String SESSION = "SELECT u.id, u.login, u.role, u.household_id, u.locale, s.csrf_token,"
            + " s.last_seen_at < now() - interval '30 seconds' AS stale"
            + " FROM user_session s JOIN app_user u ON u.id = s.user_id"
            + " WHERE s.token_hash = ? AND s.idle_expires > now() AND s.expires_at > now()";
    /** Slides the idle expiry, at most every 30 s per session (see SESSION's stale) to spare writes. */
    public static final String TOUCH_SESSION = "UPDATE user_session SET last_seen_at = now(),"
            + " idle_expires = LEAST(expires_at, now() + ?::interval) WHERE token_hash = ?";
    /** Whether a session is still alive (the live stream's periodic check; does not slide the idle expiry). */
    public static final String SESSION_ALIVE = "SELECT 1 FROM user_session WHERE token_hash = ? AND expires_at > now() AND idle_expires > now()";
    public static final String DELETE_SESSION = "DELETE FROM user_session WHERE token_hash = ?";
    public static final String DELETE_OTHER_SESSIONS = "DELETE FROM user_session WHERE user_id = ? AND token_hash <> ?";
    public static final String DELETE_EXPIRED_SESSIONS = "DELETE FROM user_session WHERE expires_at <= now() OR idle_expires <= now()";

    public static final String INSERT_INVITATION = "INSERT INTO user_invitation (token_hash, role, household_id, created_by, expires_at)"
            + " VALUES (?, ?, ?, ?, now() + ?::interval) RETURNING expires_at";
    public static final String INVITATION = "SELECT role, household_id, expires_at FROM user_invitation"
            + " WHERE token_hash = ? AND used_at IS NULL AND expires_at > now() FOR UPDATE";
    public static final String USE_INVITATION = "UPDATE user_invitation SET used_at = now(), used_by = ? WHERE token_hash = ?";

    public static final String COUNT_FAILURES = "SELECT count(*), min(at) FROM sign_in_failure WHERE subject = ? AND at > now() - ?::interval";
    public static final String INSERT_FAILURE = "INSERT INTO sign_in_failure (subject) VALUES (?)";
    public static final String CLEAR_FAILURES = "DELETE FROM sign_in_failure WHERE subject = ?";
    /** Erasure: the failed sign-ins counted against the household's logins (they name the login). */
    /** A household's failed sign-ins (by its accounts' logins) and its wrong advisor codes (by its id). */
    public static final String DELETE_FAILURES_OF_HOUSEHOLD = "DELETE FROM sign_in_failure WHERE subject IN"
            + " (SELECT 'login:' || lower(login) FROM app_user WHERE household_id = ?) OR subject = 'code:login:' || lower(?)";
    public static final String DELETE_OLD_FAILURES = "DELETE FROM sign_in_failure WHERE at < now() - ?::interval";

    public static final String INSERT_AUDIT = "INSERT INTO audit_event (household_id, actor_id, actor_login, actor_role, action,"
            + " resource, address, detail, consent_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /** INSERT_AUDIT unless the same account already wrote {@code ?} entries of this action into this household's log in the last minute. */
    public static final String INSERT_AUDIT_LIMITED = "INSERT INTO audit_event (household_id, actor_id, actor_login, actor_role, action,"
            + " resource, address, detail, consent_id) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE (SELECT count(*) FROM audit_event WHERE household_id = ?"
            + " AND actor_id IS NOT DISTINCT FROM ? AND action = ? AND at > now() - interval '1 minute') < ?";
    /** Erasure: the household's access log goes with it (the tombstone is written afterwards). */
    public static final String DELETE_AUDIT_OF_HOUSEHOLD = "DELETE FROM audit_event WHERE household_id = ?";
    public static final String AUDIT_OF_HOUSEHOLD = "SELECT at, actor_login, actor_role, action, resource, address, detail, consent_id"
            + " FROM audit_event WHERE household_id = ? ORDER BY at DESC, id DESC LIMIT ?";

    public static final String COPY_ACCOUNTS = "COPY (SELECT login, display_name, role, locale, created_at, password_changed_at"
            + " FROM app_user WHERE household_id = %s ORDER BY created_at, login) TO STDOUT WITH (FORMAT csv, HEADER true)";
    public static final String COPY_INVITATIONS = "COPY (SELECT role, created_by, created_at, expires_at, used_at,"
            + " (SELECT login FROM app_user u WHERE u.id = i.used_by) AS used_by FROM user_invitation i WHERE household_id = %s"
            + " ORDER BY created_at) TO STDOUT WITH (FORMAT csv, HEADER true)";

    // --- advisors and consents (issue #15) ---------------------------------------------------------------------------
    public static final String SET_ADVISOR_CODE = "UPDATE app_user SET advisor_code = ? WHERE id = ? AND role = 'ADVISOR'";
    public static final String ADVISOR_CODE = "SELECT advisor_code FROM app_user WHERE id = ? AND role = 'ADVISOR'";
    /**
     * The advisor a code names, its row locked for the grant's transaction: two grants to one advisor (the same household
     * granting twice at once, from two tabs) run one after the other, so the second sees and replaces the first.
     */
    public static final String ADVISOR_BY_CODE = "SELECT id, login FROM app_user WHERE role = 'ADVISOR' AND advisor_code = ? FOR UPDATE";

    /** An advisor's row, locked for a grant's transaction (see {@link #ADVISOR_BY_CODE}). */
    public static final String LOCK_ADVISOR = "SELECT id, login FROM app_user WHERE role = 'ADVISOR' AND id = ? FOR UPDATE";

    // --- an advisor's requests for access -----------------------------------------------------------------------------
    /** The household whose account has this login, if it is a household's. */
    public static final String HOUSEHOLD_OF_LOGIN = "SELECT household_id FROM app_user WHERE lower(login) = lower(?) AND role = 'HOUSEHOLD'";
    public static final String INSERT_CONSENT_REQUEST = "INSERT INTO consent_request (advisor_id, addressed_to, household_id, scope,"
            + " granularity, data_from, data_to, until_date, message, created_at, open_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " RETURNING id";
    public static final String COUNT_RECENT_REQUESTS = "SELECT count(*) FROM consent_request WHERE advisor_id = ? AND created_at > ?";
    static final String REQUEST_COLUMNS = "SELECT r.id, r.advisor_id, u.login, r.addressed_to, r.household_id, r.scope, r.granularity,"
            + " r.data_from, r.data_to, r.until_date, r.message, r.created_at, r.open_until, r.answered_at, r.answer, r.consent_id"
            + " FROM consent_request r JOIN app_user u ON u.id = r.advisor_id";
    public static final String REQUESTS_OF_HOUSEHOLD = REQUEST_COLUMNS + " WHERE r.household_id = ? ORDER BY r.created_at DESC, r.id DESC LIMIT 200";
    public static final String REQUESTS_OF_ADVISOR = REQUEST_COLUMNS + " WHERE r.advisor_id = ? ORDER BY r.created_at DESC, r.id DESC LIMIT 500";
    public static final String REQUEST_OF_HOUSEHOLD = REQUEST_COLUMNS + " WHERE r.id = ? AND r.household_id = ? FOR UPDATE OF r";
    public static final String REQUEST_OF_ADVISOR = REQUEST_COLUMNS + " WHERE r.id = ? AND r.advisor_id = ? FOR UPDATE OF r";
    public static final String ANSWER_REQUEST = "UPDATE consent_request SET answered_at = ?, answer = ?, consent_id = ? WHERE id = ? AND answer IS NULL";
    public static final String COPY_CONSENT_REQUESTS = "COPY (SELECT r.created_at, u.login AS advisor, r.scope, r.granularity, r.data_from,"
            + " r.data_to, r.until_date, r.message, r.open_until, r.answered_at, r.answer, r.consent_id FROM consent_request r"
            + " JOIN app_user u ON u.id = r.advisor_id WHERE r.household_id = %s ORDER BY r.created_at, r.id) TO STDOUT WITH (FORMAT csv, HEADER true)";

    static final String CONSENT_COLUMNS = "SELECT c.id, c.household_id, c.advisor_id, u.login, c.scope, c.granularity, c.half_hour_opt_in,"
            + " c.data_from, c.data_to, c.created_at, c.expires_at, c.revoked_at FROM consent c JOIN app_user u ON u.id = c.advisor_id";
    public static final String CONSENT_BY_ID = CONSENT_COLUMNS + " WHERE c.id = ? AND c.household_id = ? FOR UPDATE OF c";
    public static final String CONSENTS_OF = CONSENT_COLUMNS + " WHERE c.household_id = ? ORDER BY c.id DESC";
    public static final String CONSENTS_OF_ADVISOR = CONSENT_COLUMNS + " WHERE c.advisor_id = ? ORDER BY c.household_id, c.id DESC";
    /** The advisor's consents from one household that nobody revoked (the caller checks the expiry against its clock). */
    public static final String UNREVOKED_CONSENTS = CONSENT_COLUMNS
            + " WHERE c.advisor_id = ? AND c.household_id = ? AND c.revoked_at IS NULL ORDER BY c.id DESC";
    public static final String INSERT_CONSENT = "INSERT INTO consent (household_id, advisor_id, scope, granularity, half_hour_opt_in,"
            + " data_from, data_to, created_at, expires_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
    public static final String NARROW_CONSENT = "UPDATE consent SET scope = ?, granularity = ?, half_hour_opt_in = ?, data_from = ?,"
            + " data_to = ?, expires_at = ?, updated_at = ? WHERE id = ?";
    public static final String REVOKE_CONSENT = "UPDATE consent SET revoked_at = ?, updated_at = ? WHERE id = ? AND revoked_at IS NULL";
    public static final String INSERT_CONSENT_EVENT = "INSERT INTO consent_event (consent_id, household_id, at, action, actor_login, terms)"
            + " VALUES (?, ?, ?, ?, ?, ?)";
    /**
     * Records, once, the expiry of every consent whose end has passed by {@code ?} (the dashboard's clock), at the moment
     * it expired rather than when it was noticed.
     */
    public static final String RECORD_EXPIRIES = "INSERT INTO consent_event (consent_id, household_id, at, action, actor_login, terms)"
            + " SELECT c.id, c.household_id, c.expires_at, 'expired', NULL, c.scope || '; ' || c.granularity || '; ' || c.data_from || ' to ' || c.data_to"
            + " FROM consent c WHERE c.revoked_at IS NULL AND c.expires_at <= ?"
            + " AND NOT EXISTS (SELECT 1 FROM consent_event e WHERE e.consent_id = c.id AND e.action = 'expired')";
    static final String CONSENT_EVENT_COLUMNS = "SELECT e.consent_id, e.household_id, u.login, e.at, e.action, e.actor_login, e.terms"
            + " FROM consent_event e JOIN consent c ON c.id = e.consent_id JOIN app_user u ON u.id = c.advisor_id";
    public static final String CONSENT_EVENTS_OF_HOUSEHOLD = CONSENT_EVENT_COLUMNS + " WHERE e.household_id = ? ORDER BY e.at DESC, e.id DESC";
    public static final String CONSENT_EVENTS_OF_ADVISOR = CONSENT_EVENT_COLUMNS + " WHERE c.advisor_id = ? ORDER BY e.at DESC, e.id DESC LIMIT 500";

    public static final String JOIN_SIMILAR_HOMES = "INSERT INTO similar_homes_member (household_id, joined_at) VALUES (?, ?)"
            + " ON CONFLICT (household_id) DO NOTHING";
    public static final String LEAVE_SIMILAR_HOMES = "DELETE FROM similar_homes_member WHERE household_id = ?";
    public static final String SIMILAR_HOMES_MEMBER = "SELECT joined_at FROM similar_homes_member WHERE household_id = ?";
    public static final String SIMILAR_HOMES_MEMBERS = "SELECT household_id FROM similar_homes_member ORDER BY household_id";

    public static final String COPY_CONSENT_EVENTS = "COPY (SELECT e.at, e.action, u.login AS advisor, e.actor_login, e.terms, e.consent_id"
            + " FROM consent_event e JOIN consent c ON c.id = e.consent_id JOIN app_user u ON u.id = c.advisor_id WHERE e.household_id = %s"
            + " ORDER BY e.at, e.id) TO STDOUT WITH (FORMAT csv, HEADER true)";
    public static final String COPY_SIMILAR_HOMES = "COPY (SELECT household_id, joined_at FROM similar_homes_member WHERE household_id = %s)"
            + " TO STDOUT WITH (FORMAT csv, HEADER true)";

    /** The export's transaction: read only, a consistent snapshot, without the pool's statement timeout. */
    static final String EXPORT_TIME_LIMIT = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL statement_timeout = 0";
}
