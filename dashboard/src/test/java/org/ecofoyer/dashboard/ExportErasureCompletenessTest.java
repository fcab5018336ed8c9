package org.ecofoyer.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every table that holds something about a household is in its export, and is emptied of it by its erasure (security
 * finding 5: index resets, accounts, sync state and invitations were held but not exported). The tables are found in
 * the migrated schema itself — any column {@code household_id}, {@code meter_id}, {@code user_id} or
 * {@code advisor_id} — so a table added later fails this test until its owner exports it or says why not
 * ({@link HouseholdExport#NOT_EXPORTED}). Rows are counted by the household's own ids captured before the erasure,
 * never through a join to rows the erasure deleted.
 */
class ExportErasureCompletenessTest {
    /** Where each exported table's rows go. */
    static final Map<String, String> FILE = Map.ofEntries(Map.entry("household", "household.json"), Map.entry("meter", "meters.csv"),
            Map.entry("app_user", "accounts.csv"), Map.entry("user_invitation", "invitations.csv"), Map.entry("consent", "consents.csv"),
            Map.entry("audit_event", "access-log.csv"), Map.entry("reading", "readings.csv"), Map.entry("meter_event", "meter-events.csv"),
            Map.entry("utility_sync", "utility-sync.csv"), Map.entry("rollup", "rollups.csv"), Map.entry("meter_offpeak", "offpeak-hours.csv"),
            Map.entry("meter_register_period", "register-periods.csv"), Map.entry("raw_horizon", "raw-horizon.csv"),
            Map.entry("consent_event", "consent-history.csv"), Map.entry("similar_homes_member", "similar-homes.csv"),
            Map.entry("reading_quarantine", "quarantined-readings.csv"), Map.entry("consent_request", "consent-requests.csv"),
            Map.entry("reading_block", "readings.csv"), Map.entry("engagement_settings", "alert-settings.csv"),
            Map.entry("household_alert", "alerts.csv"), Map.entry("report_mail", "report-mails.csv"),
            Map.entry("ecogesture_choice", "ecogestures.csv"), Map.entry("challenge", "challenges.csv"),
            Map.entry("meter_contract", "meter-contracts.csv"), Map.entry("meter_daily_max", "meter-daily-maxima.csv"));

    TestServer server;
    Browser alice;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer();
        alice = new Browser(server.base());
        alice.signIn("alice", TestServer.PASSWORD);
        // One row about each household in every table that can hold one (the fixtures fill the others).
        try (Connection c = server.db.dataSource().getConnection()) {
            for (String h : new String[] {"H1", "H2"}) {
                TestServer.sql(c, "INSERT INTO meter_event (meter_id, instant, kind, channel, detail) SELECT id, now(), 'reset', 'index.HP',"
                        + " 'index went down' FROM meter WHERE code = ?", h + "-elec");
                TestServer.sql(c, "INSERT INTO utility_sync (meter_id, cursor_day, last_error) SELECT id, date '2026-11-20', 'no consent'"
                        + " FROM meter WHERE code = ?", h + "-gas");
                TestServer.sql(c, "INSERT INTO meter_offpeak (meter_id, valid_from, hours) SELECT id, date '2020-01-01', 'HC (22H00-6H00)'"
                        + " FROM meter WHERE code = ?", h + "-elec");
                TestServer.sql(c, "INSERT INTO meter_register_period (meter_id, register, period) SELECT id, 'SUPPLIER_01', 'HC'"
                        + " FROM meter WHERE code = ?", h + "-elec");
                TestServer.sql(c, "INSERT INTO reading_dirty (meter_id, since) SELECT id, now() FROM meter WHERE code = ?", h + "-elec");
                TestServer.sql(c, "INSERT INTO gateway (id, meter_id, meter_serial, firmware, tic_mode, topic, username, password_hash)"
                        + " SELECT 'gw-' || code, id, code, 'tasmota', 'auto', 'tele/gw-' || code || '/SENSOR', 'gw-' || code, '$7$101$x$y'"
                        + " FROM meter WHERE code = ?", h + "-elec");
                TestServer.sql(c, "INSERT INTO reading_quarantine (meter_id, channel, instant, value, reason, source, received_at,"
                        + " checked_at) SELECT id, 'index.BASE', now() + interval '2 years', 43, 'future_instant', 'mqtt:t', now(), now()"
                        + " FROM meter WHERE code = ?", h + "-elec");
                // what the household's Linky said about itself (#16): its subscription and a day's maximum
                TestServer.sql(c, "INSERT INTO meter_contract (meter_id, learned_at, kva, tariff_option, source) SELECT id, now(), 9, 'HPHC',"
                        + " 'tic' FROM meter WHERE code = ?", h + "-elec");
                TestServer.sql(c, "INSERT INTO meter_daily_max (meter_id, day, phase, va, reached_at) SELECT id, date '2026-11-10', 0, 4200,"
                        + " timestamptz '2026-11-10T18:00Z' FROM meter WHERE code = ?", h + "-elec");
                TestServer.sql(c, "INSERT INTO raw_horizon (meter_id, horizon) SELECT id, timestamptz '2025-10-01 00:00Z' FROM meter"
                        + " WHERE code = ?", h + "-elec");
                TestServer.sql(c, "INSERT INTO user_invitation (token_hash, role, household_id, created_by, expires_at)"
                        + " VALUES (decode(md5(?), 'hex'), 'HOUSEHOLD', ?, 'olga', now() + interval '1 day')", h, h);
                TestServer.sql(c, "INSERT INTO audit_event (household_id, actor_login, action) VALUES (?, 'adele', 'read')", h);
                TestServer.sql(c, "INSERT INTO consent (household_id, advisor_id, scope, granularity) SELECT ?, id, 'electricity', 'day'"
                        + " FROM app_user WHERE login = 'adele'", h);
                TestServer.sql(c, "INSERT INTO consent_event (consent_id, household_id, at, action, actor_login, terms)"
                        + " SELECT id, household_id, now(), 'granted', 'alice', 'electricity; day' FROM consent WHERE household_id = ?", h);
                TestServer.sql(c, "INSERT INTO similar_homes_member (household_id, joined_at) VALUES (?, now())", h);
                TestServer.sql(c, "INSERT INTO consent_request (advisor_id, addressed_to, household_id, scope, granularity, data_from,"
                        + " data_to, until_date, message, created_at, open_until) SELECT id, lower(?), ?, 'gas', 'month', date '2025-01-01',"
                        + " date '2026-01-01', date '2027-01-01', 'request to ' || ?, now(), now() + interval '30 days'"
                        + " FROM app_user WHERE login = 'adele'", h, h, h);
                TestServer.sql(c, "INSERT INTO engagement_settings (household_id, alert_kinds, updated_at) VALUES (?, '{LEAK}', now())", h);
                TestServer.sql(c, "INSERT INTO household_alert (household_id, kind, occurrence, raised_at, detail, mail)"
                        + " VALUES (?, 'LEAK', '2026-11-15', now(), '{}', 'none')", h);
                TestServer.sql(c, "INSERT INTO report_mail (household_id, month, sent_at) VALUES (?, date '2026-10-01', now())", h);
                TestServer.sql(c, "INSERT INTO ecogesture_choice (household_id, gesture, status, decided_at) VALUES (?, 'elec-led', 'done', now())", h);
                TestServer.sql(c, "INSERT INTO challenge (household_id, fluid, target_pct, starts_on, ends_on, baseline, created_at)"
                        + " VALUES (?, 'ELECTRICITY', 10, date '2026-11-09', date '2026-11-16', 70, now())", h);
                TestServer.sql(c, "INSERT INTO reading (meter_id, channel, instant, value) SELECT id, 'index.BASE', now(), 42 FROM meter"
                        + " WHERE code = ?", h + "-elec");
                // a compacted day of raw readings (ingest's reading_block), exported among the readings
                long at = java.time.Instant.parse("2026-11-10T08:00:00Z").getEpochSecond() * 1_000_000L;
                TestServer.sql(c, "INSERT INTO reading_block (meter_id, channel, day, first_instant, last_instant, readings, data)"
                        + " SELECT id, 'index.BASE', '2026-11-10Z', '2026-11-10T08:00Z', '2026-11-10T08:00Z', 1, ? FROM meter WHERE code = ?",
                        org.ecofoyer.ingest.query.BlockCodec.encode(new long[] {at}, new long[] {777}, 1), h + "-elec");
                // (H1's only: a consent request belongs to a session, and only Alice is signed in)
                TestServer.sql(c, "INSERT INTO oauth_state (state_hash, provider, session_hash, household_id, expires_at, usage_point_id)"
                        + " SELECT decode(md5(?), 'hex'), 'enedis', s.token_hash, ?, now() + interval '30 minutes', '09111642617347'"
                        + " FROM user_session s JOIN app_user u ON u.id = s.user_id WHERE u.login = 'alice' AND ? = 'H1' LIMIT 1", "state" + h, h, h);
            }
            TestServer.sql(c, "INSERT INTO sign_in_failure (subject) VALUES ('login:alice'), ('login:bob'), ('code:login:h1'), ('code:login:h2')");
        }
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    /** Every table with a column that points at a household, a meter or an account. */
    Map<String, List<String>> referring() throws Exception {
        Map<String, List<String>> out = new TreeMap<>();
        try (Connection c = server.db.dataSource().getConnection(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'"
                        + " AND column_name IN ('household_id', 'meter_id', 'user_id', 'advisor_id')"
                        + " AND table_name IN (SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE')")) {
            while (rs.next()) {
                out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
            }
        }
        out.put("household", List.of("id"));
        return out;
    }

    @Test
    void everyTableAboutAHouseholdIsExportedOrSaysWhyNot() throws Exception {
        HouseholdExport export = new HouseholdExport(List.of());
        assertThat(new TreeSet<>(FILE.keySet())).as("this test knows every exported table's file").isEqualTo(new TreeSet<>(export.tables()));
        for (String table : referring().keySet()) {
            assertThat(export.tables().contains(table) || HouseholdExport.NOT_EXPORTED.containsKey(table))
                    .as(table + " refers to a household: export it, or say in HouseholdExport.NOT_EXPORTED why not").isTrue();
        }

        HttpResponse<byte[]> r = alice.getBytes("/api/v1/households/H1/export");
        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, String> files = HouseholdApiTest.unzip(r.body());
        for (String table : export.tables()) {
            String content = files.get(FILE.get(table));
            assertThat(content).as(table + " -> " + FILE.get(table)).isNotNull();
            assertThat(content.lines().skip(table.equals("household") ? 0 : 1).count()).as(table + ": a row about H1").isPositive();
            assertThat(content).as(table + ": nothing of H2").doesNotContain("H2-").doesNotContain("\"H2\"").doesNotContain(",bob,");
        }
        assertThat(files.get("accounts.csv")).contains("alice").doesNotContain("argon2").doesNotContain("$");
        assertThat(files.get("meter-events.csv")).contains("H1-elec").contains("index went down");
        assertThat(files.get("utility-sync.csv")).contains("H1-gas,2026-11-20").contains("no consent");
        assertThat(files.get("invitations.csv")).contains("HOUSEHOLD,olga");
        assertThat(files.get("raw-horizon.csv")).contains("H1-elec,2025-10-01");
        assertThat(files.get("readings.csv")).contains("H1-elec,index.BASE,2026-11-10 08:00:00+00,777\n");
    }

    @Test
    void erasureLeavesNothingAboutTheHouseholdButTheTombstone() throws Exception {
        List<Long> meters = ids("SELECT id FROM meter WHERE household_id = 'H1'");
        List<Long> users = ids("SELECT id FROM app_user WHERE household_id = 'H1'");
        List<Long> otherMeters = ids("SELECT id FROM meter WHERE household_id = 'H2'");
        Map<String, List<String>> tables = referring();
        Map<String, Long> before = new TreeMap<>();
        Map<String, Long> h2Before = new TreeMap<>();
        for (var t : tables.entrySet()) {
            before.put(t.getKey(), count(t.getKey(), t.getValue(), "H1", meters, users));
            h2Before.put(t.getKey(), count(t.getKey(), t.getValue(), "H2", otherMeters, ids("SELECT id FROM app_user WHERE household_id = 'H2'")));
        }
        // The setting is real: every table has something of H1 to erase.
        assertThat(before).allSatisfy((t, n) -> assertThat(n).as(t).isPositive());

        assertThat(alice.send("DELETE", "/api/v1/households/H1", new JsonObject().put("confirm", "H1").put("password", TestServer.PASSWORD))
                .statusCode()).isEqualTo(204);
        for (var t : tables.entrySet()) {
            long left = count(t.getKey(), t.getValue(), "H1", meters, users);
            assertThat(left).as(t.getKey() + " after the erasure").isEqualTo(t.getKey().equals("audit_event") ? 1 : 0);
            if (!t.getKey().equals("audit_event") && !t.getKey().equals("user_session")) {
                assertThat(count(t.getKey(), t.getValue(), "H2", otherMeters, ids("SELECT id FROM app_user WHERE household_id = 'H2'")))
                        .as(t.getKey() + ": H2 untouched").isEqualTo(h2Before.get(t.getKey()));
            }
        }
        assertThat(server.count("SELECT count(*) FROM sign_in_failure WHERE subject = 'login:alice'")).isZero();
        assertThat(server.count("SELECT count(*) FROM sign_in_failure WHERE subject = 'login:bob'")).isEqualTo(1);
        // and its wrong advisor codes (counted by household id), not H2's
        assertThat(server.count("SELECT count(*) FROM sign_in_failure WHERE subject = 'code:login:h1'")).isZero();
        assertThat(server.count("SELECT count(*) FROM sign_in_failure WHERE subject = 'code:login:h2'")).isEqualTo(1);
    }

    List<Long> ids(String sql) throws Exception {
        List<Long> out = new ArrayList<>();
        try (Connection c = server.db.dataSource().getConnection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }

    /** Rows of {@code table} that point at the household, its meters or its accounts. */
    long count(String table, List<String> columns, String household, List<Long> meters, List<Long> users) throws Exception {
        List<String> where = new ArrayList<>();
        for (String col : columns) {
            switch (col) {
                case "household_id", "id" -> where.add(col + " = '" + household + "'");
                case "meter_id" -> where.add(meters.isEmpty() ? "false" : "meter_id IN (" + join(meters) + ")");
                default -> where.add(users.isEmpty() ? "false" : col + " IN (" + join(users) + ")");
            }
        }
        return server.count("SELECT count(*) FROM " + table + " WHERE " + String.join(" OR ", where));
    }

    static String join(List<Long> ids) {
        return String.join(",", ids.stream().map(String::valueOf).toList());
    }
}
