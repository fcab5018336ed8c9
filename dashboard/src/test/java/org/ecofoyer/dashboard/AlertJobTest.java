package org.ecofoyer.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.ecofoyer.dashboard.engage.AlertJob;
import org.ecofoyer.dashboard.engage.MailConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The alert job against a real SMTP server (GreenMail, in-process, on a free port) and the fixtures' household H1 on
 * 2026-11-15 13:00 Paris, with each of the five conditions made true: each alert is raised once, e-mailed within the
 * limit of 3 a day (the two others are shown in the app as rate limited), with its figures in Alice's French, and
 * never raised nor sent again on later runs; H2, whose conditions do not hold, gets nothing.
 */
class AlertJobTest {
    GreenMail smtp;
    TestServer server;
    MutableClock clock;
    AlertJob job;
    Browser alice;

    @BeforeEach
    void start() throws Exception {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.start();
        clock = new MutableClock(Instant.parse("2026-11-15T12:00:00Z"));
        MailConfig mail = new MailConfig("127.0.0.1", smtp.getSmtp().getPort(), "alerts@ecofoyer.test", null, null, false, 3);
        server = new TestServer(DashboardConfig.DEFAULTS, (d, vertx, jdbc) -> d.withMail(mail, null));
        job = new AlertJob(clock, mail, new org.ecofoyer.dashboard.engage.SmtpMailer(mail), new org.ecofoyer.dashboard.engage.Ecogestures());
        alice = new Browser(server.base());
        alice.signIn("alice", TestServer.PASSWORD);
        try (Connection c = server.db.dataSource().getConnection()) {
            // Leak: 2 L in every half-hour from 01:00 to 05:00 on the night of the 15th (3 L at 03:00).
            for (int slot = 2; slot < 10; slot++) {
                TestServer.sql(c, Fixtures.INSERT, 0, java.sql.Timestamp.from(java.time.LocalDate.of(2026, 11, 15).atTime(slot / 2, slot % 2 * 30)
                        .atZone(Fixtures.PARIS).toInstant()), java.time.LocalDate.of(2026, 11, 15).atTime(slot / 2, slot % 2 * 30), "total",
                        slot == 6 ? 3 : 2, 0.01, false, false, "H1-water");
            }
            // Unusual: water 150 L a day from 16 to 31 October too (28 days of history), and 400 L on 14 November.
            for (int d = 16; d <= 31; d++) {
                java.time.LocalDateTime day = java.time.LocalDate.of(2026, 10, d).atStartOfDay();
                TestServer.sql(c, Fixtures.INSERT, 1, java.sql.Timestamp.from(day.atZone(Fixtures.PARIS).toInstant()), day, "total", 150,
                        0.60, false, false, "H1-water");
            }
            TestServer.sql(c, "UPDATE rollup SET quantity = 400 WHERE granularity = 1 AND period = 'total' AND local_start = '2026-11-14'"
                    + " AND meter_id = (SELECT id FROM meter WHERE code = 'H1-water')");
            // No data: the electricity meter's last reading is three and a half days old.
            TestServer.sql(c, "INSERT INTO reading (meter_id, channel, instant, value) SELECT id, 'index.BASE', timestamptz '2026-11-12 00:00Z',"
                    + " 42 FROM meter WHERE code = 'H1-elec'");
            // Tempo: H1 is on Tempo and tomorrow is red.
            TestServer.sql(c, "UPDATE meter SET tariff_option = 'TEMPO' WHERE code = 'H1-elec'");
            TestServer.sql(c, "INSERT INTO tempo_day (day, colour) VALUES (date '2026-11-16', 'RED')");
        }
        // Budget: 20 € a month, while November so far is 14 × (2.00 + 0.50) € of electricity alone.
        var r = alice.send("PUT", "/api/v1/households/H1/engagement-settings", new JsonObject()
                .put("alertKinds", new JsonArray(List.of("leak", "unusual", "no_data", "tempo_red", "budget")))
                .put("emailAlerts", true).put("email", "alice@example.org").put("budgetEur", 20));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        smtp.stop();
    }

    /** The decoded text (the text/plain part of a multipart/alternative), with French non-breaking spaces as plain ones. */
    static String body(MimeMessage m) throws Exception {
        return part(m, "text/plain");
    }

    static String part(MimeMessage m, String type) throws Exception {
        Object content = m.getContent();
        String text = null;
        if (content instanceof String s && m.isMimeType(type)) {
            text = s;
        } else if (content instanceof jakarta.mail.internet.MimeMultipart mp) {
            for (int i = 0; i < mp.getCount(); i++) {
                if (mp.getBodyPart(i).isMimeType(type)) {
                    text = (String) mp.getBodyPart(i).getContent();
                }
            }
        }
        assertThat(text).as("a %s part", type).isNotNull();
        return text.replace('\u00a0', ' ').replace('\u202f', ' ');
    }

    String kinds() throws Exception {
        StringBuilder sb = new StringBuilder();
        try (Connection c = server.db.dataSource().getConnection(); var rs = c.createStatement().executeQuery(
                "SELECT household_id, kind, occurrence FROM household_alert ORDER BY id")) {
            while (rs.next()) {
                sb.append(rs.getString(1)).append(' ').append(rs.getString(2)).append(' ').append(rs.getString(3)).append("; ");
            }
        }
        return sb.toString();
    }

    AlertJob.Run run() throws Exception {
        return server.jdbc.run(job::run).toCompletionStage().toCompletableFuture().get();
    }

    @Test
    void eachAlertFiresOnceIsMailedWithinTheLimitAndNeverAgain() throws Exception {
        AlertJob.Run first = run();
        assertThat(first.raised()).as(kinds()).isEqualTo(5);
        assertThat(first.mailed()).isEqualTo(3);
        assertThat(first.rateLimited()).isEqualTo(2);
        assertThat(smtp.waitForIncomingEmail(5_000, 3)).isTrue();
        MimeMessage[] mails = smtp.getReceivedMessages();
        assertThat(mails).hasSize(3);
        assertThat(mails[0].getAllRecipients()[0].toString()).isEqualTo("alice@example.org");
        assertThat(mails[0].getSubject()).isEqualTo("Ecofoyer : Fuite d'eau probable");
        String leak = body(mails[0]);
        assertThat(leak).contains("15 novembre 2026").contains("2,0 L").contains("17 L"); // 7 × 2 + 3
        assertThat(mails[1].getSubject()).isEqualTo("Ecofoyer : Consommation inhabituelle");
        assertThat(body(mails[1])).contains("14 novembre 2026").contains("400,0 L").contains("2,7 fois").contains("150,0 L");
        assertThat(mails[2].getSubject()).isEqualTo("Ecofoyer : Compteur muet");
        assertThat(body(mails[2])).contains("H1-elec").contains("12 nov. 2026").contains("01:00");

        JsonArray alerts = Browser.json(alice.get("/api/v1/households/H1/alerts")).getJsonArray("alerts");
        assertThat(alerts).hasSize(5);
        assertThat(alerts.stream().map(o -> ((JsonObject) o).getString("kind") + ":" + ((JsonObject) o).getString("mail")))
                .containsExactlyInAnyOrder("leak:sent", "unusual:sent", "no_data:sent", "tempo_red:rate_limited", "budget:rate_limited");
        JsonObject budget = alerts.stream().map(o -> (JsonObject) o).filter(o -> o.getString("kind").equals("budget")).findFirst().orElseThrow();
        assertThat(budget.getString("occurrence")).isEqualTo("2026-11");
        assertThat(budget.getJsonObject("detail").getDouble("budgetEur")).isEqualTo(20.0);

        // The same conditions on the next runs, and a day later: nothing new, nothing sent again.
        assertThat(run().raised()).isZero();
        clock.advance(Duration.ofDays(1));
        AlertJob.Run later = run();
        assertThat(later.raised()).isZero();
        assertThat(later.mailed()).isZero();
        assertThat(smtp.getReceivedMessages()).hasSize(3);
        assertThat(server.count("SELECT count(*) FROM household_alert WHERE household_id = 'H2'")).isZero();

        // Seen: the page marks them read.
        assertThat(alice.send("POST", "/api/v1/households/H1/alerts/seen", new JsonObject()).statusCode()).isEqualTo(204);
        assertThat(Browser.json(alice.get("/api/v1/households/H1/alerts")).getJsonArray("alerts").getJsonObject(0).getBoolean("seen")).isTrue();
    }

    @Test
    void aNewOccurrenceIsANewAlertAndAlertsOffAreNotRaised() throws Exception {
        run();
        // Another reading, then silence again: a new occurrence of "no data".
        try (Connection c = server.db.dataSource().getConnection()) {
            TestServer.sql(c, "INSERT INTO reading (meter_id, channel, instant, value) SELECT id, 'index.BASE', timestamptz '2026-11-13 00:00Z',"
                    + " 43 FROM meter WHERE code = 'H1-elec'");
        }
        clock.advance(Duration.ofHours(20));
        AlertJob.Run next = run();
        assertThat(next.raised()).isEqualTo(1);
        assertThat(server.count("SELECT count(*) FROM household_alert WHERE household_id = 'H1' AND kind = 'NO_DATA'")).isEqualTo(2);
        // Within 24 h of three mails: held back, shown in the app.
        assertThat(next.mailed()).isZero();
        assertThat(next.rateLimited()).isEqualTo(1);

        // Bob (H2) wants no alert at all: nothing for him even when his meter falls silent.
        Browser bob = new Browser(server.base());
        bob.signIn("bob", TestServer.PASSWORD);
        assertThat(bob.send("PUT", "/api/v1/households/H2/engagement-settings", new JsonObject().put("alertKinds", new JsonArray()))
                .statusCode()).isEqualTo(200);
        try (Connection c = server.db.dataSource().getConnection()) {
            TestServer.sql(c, "INSERT INTO reading (meter_id, channel, instant, value) SELECT id, 'index.BASE', timestamptz '2026-11-10 00:00Z',"
                    + " 1 FROM meter WHERE code = 'H2-elec'");
        }
        run();
        assertThat(server.count("SELECT count(*) FROM household_alert WHERE household_id = 'H2'")).as(kinds()).isZero();
    }

    @Test
    void theMonthlyReportIsMailedOnceFromTheSecond() throws Exception {
        var r = alice.send("PUT", "/api/v1/households/H1/engagement-settings", new JsonObject().put("alertKinds", new JsonArray())
                .put("email", "alice@example.org").put("reportEmail", true));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        try (Connection c = server.db.dataSource().getConnection()) {
            TestServer.sql(c, "UPDATE household SET name = ? WHERE id = 'H1'", "<img src=x onerror=alert(1)> & \"les Dupont\"");
        }
        clock.advance(Duration.ofDays(17)); // 2 December 2026, 13:00 Paris
        AlertJob.Run run = run();
        assertThat(run.reports()).isEqualTo(1);
        assertThat(smtp.waitForIncomingEmail(5_000, 1)).isTrue();
        MimeMessage m = smtp.getReceivedMessages()[0];
        assertThat(m.getSubject()).isEqualTo("Ecofoyer : votre bilan de novembre 2026");
        // November: 1-14 whole (15 is incomplete): 140 kWh, against 12 kWh a day in October and 8 a day a year before.
        assertThat(body(m)).contains("électricité : 140,0 kWh, 28,00 €").contains("-17 % vs le mois précédent")
                .contains("+25 % vs l'an dernier").contains("2026-11-15");
        // Both parts of a multipart/alternative, the text first: the HTML has the same figures, in its table's row.
        assertThat(m.isMimeType("multipart/alternative")).isTrue();
        jakarta.mail.internet.MimeMultipart mp = (jakarta.mail.internet.MimeMultipart) m.getContent();
        assertThat(mp.getCount()).isEqualTo(2);
        assertThat(mp.getBodyPart(0).isMimeType("text/plain")).isTrue();
        assertThat(mp.getBodyPart(1).isMimeType("text/html")).isTrue();
        String html = part(m, "text/html");
        assertThat(html).contains("<tr data-fluid=\"electricity\"><td>électricité</td><td>140,0 kWh</td><td>28,00 €</td>"
                + "<td>-17 %</td><td>+25 %</td></tr>");
        // The household's name, which the household or an installer typed, is escaped: no markup of theirs gets through.
        assertThat(html).contains("Votre bilan de novembre 2026 – &lt;img src=x onerror=alert(1)&gt; &amp; &quot;les Dupont&quot;</h1>")
                .doesNotContain("<img").doesNotContain("\"les Dupont\"");
        assertThat(run().reports()).isZero();
        assertThat(smtp.getReceivedMessages()).hasSize(1);
    }

    @Test
    void withDailyWaterOnlyALeakIsAnEstimateFromTheFloorUnderTheDaysRaisedOnce() throws Exception {
        // H1's water as a daily index: no half-hours, and DailyLeakTest's family with a running toilet (+600 L a day)
        // from day 29, day 35 being 14 November (the last complete day on the 15th). Leak alerts only.
        try (Connection c = server.db.dataSource().getConnection()) {
            TestServer.sql(c, "DELETE FROM rollup WHERE meter_id = (SELECT id FROM meter WHERE code = 'H1-water')");
            java.time.LocalDate day1 = java.time.LocalDate.of(2026, 11, 14).minusDays(34);
            for (int n = 1; n <= 42; n++) {
                java.time.LocalDateTime day = day1.plusDays(n - 1).atStartOfDay();
                long litres = Math.round(org.ecofoyer.dashboard.engage.DailyLeakTest.FAMILY[(n - 1) / 7][(n - 1) % 7] + (n >= 29 ? 600 : 0));
                TestServer.sql(c, Fixtures.INSERT, 1, java.sql.Timestamp.from(day.atZone(Fixtures.PARIS).toInstant()), day, "total", litres,
                        0.0, false, false, "H1-water");
            }
        }
        var r = alice.send("PUT", "/api/v1/households/H1/engagement-settings", new JsonObject()
                .put("alertKinds", new JsonArray(List.of("leak"))).put("emailAlerts", true).put("email", "alice@example.org"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(run().raised()).as(kinds()).isEqualTo(1);
        assertThat(kinds()).isEqualTo("H1 LEAK daily@2026-11-14; ");
        assertThat(smtp.waitForIncomingEmail(5_000, 1)).isTrue();
        // 985 L the lowest day of the week, 410 L the lower quartile before, (985 - 410) / 24 = 24.0 L an hour.
        assertThat(body(smtp.getReceivedMessages()[0])).startsWith("Estimation d'après les relevés quotidiens")
                .contains("7 derniers jours (jusqu'au 14 novembre 2026)").contains("au moins 985 L").contains("moins de 410 L")
                .contains("environ 24,0 L par heure");
        // The leak goes on for a week: the same occurrence every day, nothing new, nothing sent again.
        for (int i = 0; i < 7; i++) {
            clock.advance(Duration.ofDays(1));
            assertThat(run().raised()).as(kinds()).isZero();
        }
        assertThat(smtp.getReceivedMessages()).hasSize(1);
    }
}
