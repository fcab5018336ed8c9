package org.ecofoyer.dashboard.engage;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.zip.ZipOutputStream;
import org.ecofoyer.storage.ZipCopy;

/** The engagement tables' part of a household's export: one CSV each, streamed with {@code COPY}. */
public final class EngageExport {
    public static final List<String> TABLES = List.of("engagement_settings", "household_alert", "report_mail", "ecogesture_choice",
            "challenge");
    public static final String README = ""
            + "alert-settings.csv which alerts you want, e-mail on/off and the address, monthly report e-mail, monthly budget\n"
            + "alerts.csv       every alert raised (kind, occurrence, figures) and whether it was e-mailed\n"
            + "report-mails.csv the monthly reports e-mailed to you\n"
            + "ecogestures.csv  the ecogestures you marked done or not for you\n"
            + "challenges.csv   your challenges: fluid, target, dates, usual week, result\n";

    private EngageExport() {
    }

    public static void write(Connection c, String household, ZipOutputStream zip) throws SQLException, IOException {
        ZipCopy.copy(c, zip, "alert-settings.csv", copy("household_id, alert_kinds, email_alerts, email, report_email, budget_eur,"
                + " updated_at", "engagement_settings", "household_id"), household);
        ZipCopy.copy(c, zip, "alerts.csv", copy("kind, occurrence, raised_at, detail, mail, mailed_at, seen_at", "household_alert",
                "raised_at, id"), household);
        ZipCopy.copy(c, zip, "report-mails.csv", copy("month, sent_at", "report_mail", "month"), household);
        ZipCopy.copy(c, zip, "ecogestures.csv", copy("gesture, status, decided_at", "ecogesture_choice", "gesture"), household);
        ZipCopy.copy(c, zip, "challenges.csv", copy("fluid, target_pct, starts_on, ends_on, baseline, created_at, result,"
                + " result_quantity, decided_at", "challenge", "starts_on, id"), household);
    }

    /** {@code COPY} of a table's rows of one household ({@code %s}: the household, quoted by {@link ZipCopy}). */
    static String copy(String columns, String table, String order) {
        return String.format(EngageSql.COPY, columns, table, order);
    }
}
