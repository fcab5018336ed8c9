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
    public static final String DELETE_FAILURES_OF_HOUSEHOLD = "DELETE FROM sign_in_failure WHERE subject IN"
            + " (SELECT 'login:' || lower(login) FROM app_user WHERE household_id = ?)";
    public static final String DELETE_OLD_FAILURES = "DELETE FROM sign_in_failure WHERE at < now() - ?::interval";

    public static final String INSERT_AUDIT = "INSERT INTO audit_event (household_id, actor_id, actor_login, actor_role, action,"
            + " resource, address, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    /** INSERT_AUDIT unless the same account already wrote {@code ?} entries of this action into this household's log in the last minute. */
    public static final String INSERT_AUDIT_LIMITED = "INSERT INTO audit_event (household_id, actor_id, actor_login, actor_role, action,"
            + " resource, address, detail) SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE (SELECT count(*) FROM audit_event WHERE household_id = ?"
            + " AND actor_id IS NOT DISTINCT FROM ? AND action = ? AND at > now() - interval '1 minute') < ?";
    /** Erasure: the household's access log goes with it (the tombstone is written afterwards). */
    public static final String DELETE_AUDIT_OF_HOUSEHOLD = "DELETE FROM audit_event WHERE household_id = ?";
    public static final String AUDIT_OF_HOUSEHOLD = "SELECT at, actor_login, actor_role, action, resource, address, detail"
            + " FROM audit_event WHERE household_id = ? ORDER BY at DESC, id DESC LIMIT ?";

    public static final String CONSENTS_OF_HOUSEHOLD = "SELECT c.id, u.login AS advisor, c.scope, c.granularity, c.created_at,"
            + " c.expires_at, c.revoked_at FROM consent c JOIN app_user u ON u.id = c.advisor_id WHERE c.household_id = ? ORDER BY c.id";
    public static final String COPY_ACCOUNTS = "COPY (SELECT login, display_name, role, locale, created_at, password_changed_at"
            + " FROM app_user WHERE household_id = %s ORDER BY created_at, login) TO STDOUT WITH (FORMAT csv, HEADER true)";
    public static final String COPY_INVITATIONS = "COPY (SELECT role, created_by, created_at, expires_at, used_at,"
            + " (SELECT login FROM app_user u WHERE u.id = i.used_by) AS used_by FROM user_invitation i WHERE household_id = %s"
            + " ORDER BY created_at) TO STDOUT WITH (FORMAT csv, HEADER true)";
}
