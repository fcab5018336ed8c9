package org.ecofoyer.dashboard.engage;

/**
 * Every SQL statement on the engagement tables (migration {@code V40_4_0__engagement.sql}): settings, alerts, report
 * e-mails, ecogesture choices, challenges. Rollups are read through aggregation's {@code RollupReader}, households and
 * meters through storage.
 */
final class EngageSql {
    private EngageSql() {
    }

    static final String SETTINGS = "SELECT alert_kinds, email_alerts, email, report_email, budget_eur FROM engagement_settings"
            + " WHERE household_id = ?";
    static final String SAVE_SETTINGS = "INSERT INTO engagement_settings (household_id, alert_kinds, email_alerts, email,"
            + " report_email, budget_eur, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (household_id) DO UPDATE SET"
            + " alert_kinds = excluded.alert_kinds, email_alerts = excluded.email_alerts, email = excluded.email,"
            + " report_email = excluded.report_email, budget_eur = excluded.budget_eur, updated_at = excluded.updated_at";

    /** Raises an occurrence once: nothing comes back when it was already raised. */
    static final String RAISE = "INSERT INTO household_alert (household_id, kind, occurrence, raised_at, detail, mail)"
            + " VALUES (?, ?, ?, ?, ?::jsonb, ?) ON CONFLICT (household_id, kind, occurrence) DO NOTHING RETURNING id";
    static final String ALERT_COLUMNS = "id, kind, occurrence, raised_at, detail::text, mail, mailed_at, seen_at";
    static final String RECENT_ALERTS = "SELECT " + ALERT_COLUMNS + " FROM household_alert WHERE household_id = ?"
            + " ORDER BY raised_at DESC, id DESC LIMIT ?";
    static final String PENDING_MAILS = "SELECT " + ALERT_COLUMNS + " FROM household_alert WHERE household_id = ? AND mail = 'pending'"
            + " ORDER BY raised_at, id";
    static final String MAILS_SINCE = "SELECT count(*) FROM household_alert WHERE household_id = ? AND mail = 'sent' AND mailed_at > ?";
    static final String SET_MAIL = "UPDATE household_alert SET mail = ?, mailed_at = ?, mail_attempts = mail_attempts + ?"
            + " WHERE id = ? RETURNING mail_attempts";
    static final String MARK_SEEN = "UPDATE household_alert SET seen_at = ? WHERE household_id = ? AND seen_at IS NULL";

    static final String REPORT_SENT = "INSERT INTO report_mail (household_id, month, sent_at) VALUES (?, ?, ?)"
            + " ON CONFLICT DO NOTHING";
    static final String REPORT_WAS_SENT = "SELECT 1 FROM report_mail WHERE household_id = ? AND month = ?";

    static final String CHOICES = "SELECT gesture, status, decided_at FROM ecogesture_choice WHERE household_id = ?";
    static final String CHOOSE = "INSERT INTO ecogesture_choice (household_id, gesture, status, decided_at) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT (household_id, gesture) DO UPDATE SET status = excluded.status, decided_at = excluded.decided_at";
    static final String UNCHOOSE = "DELETE FROM ecogesture_choice WHERE household_id = ? AND gesture = ?";

    static final String CHALLENGE_COLUMNS = "id, fluid, target_pct, starts_on, ends_on, baseline, created_at, result,"
            + " result_quantity, decided_at";
    static final String CHALLENGES = "SELECT " + CHALLENGE_COLUMNS + " FROM challenge WHERE household_id = ?"
            + " ORDER BY starts_on DESC, id DESC LIMIT 100";
    static final String CHALLENGE = "SELECT " + CHALLENGE_COLUMNS + " FROM challenge WHERE household_id = ? AND id = ?";
    static final String OPEN_CHALLENGES = "SELECT household_id, " + CHALLENGE_COLUMNS + " FROM challenge WHERE result IS NULL";
    static final String INSERT_CHALLENGE = "INSERT INTO challenge (household_id, fluid, target_pct, starts_on, ends_on, baseline,"
            + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING " + CHALLENGE_COLUMNS;
    static final String DECIDE_CHALLENGE = "UPDATE challenge SET result = ?, result_quantity = ?, decided_at = ?"
            + " WHERE id = ? AND household_id = ? AND result IS NULL";

    /** The language of the household's e-mails: its first account's. */
    static final String HOUSEHOLD_LOCALE = "SELECT locale FROM app_user WHERE household_id = ? ORDER BY id LIMIT 1";

    /** The export's statement for one engagement table: columns, table, order (the household is ZipCopy's %s). */
    static final String COPY = "COPY (SELECT %s FROM %s WHERE household_id = %%s ORDER BY %s) TO STDOUT WITH (FORMAT csv, HEADER true)";
}
