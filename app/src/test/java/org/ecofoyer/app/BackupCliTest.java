package org.ecofoyer.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.ecofoyer.app.config.EcofoyerConfig;
import org.ecofoyer.dashboard.HttpConfig;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.StorageConfig;
import org.ecofoyer.storage.TestDatabases;
import org.ecofoyer.storage.backup.TableContents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * {@code ecofoyer backup} and {@code ecofoyer restore} on the product's own schema, populated through the commands a
 * user runs (import, prices, tariffs, accounts) and representative rows for what only the server writes: every table
 * has rows, and every table comes back identical.
 */
class BackupCliTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T02:00:00Z"), ZoneOffset.UTC);
    static final String METER = "061961361253";

    @TempDir
    Path dir;

    static Map<String, String> external(String url) {
        return Map.of("ECOFOYER_STORAGE_URL", url, "ECOFOYER_STORAGE_USER", "postgres",
                "ECOFOYER_DASHBOARD_PUBLIC_URL", "https://eco.example.org/");
    }

    static DataSource dataSource(String url) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url);
        return ds;
    }

    static void ok(CliTest.Result r) {
        assertThat(r.code()).as(r.err()).isZero();
    }

    /** A store with rows in every table of the product's schema. */
    void populate(Map<String, String> env, String url) throws Exception {
        Path capture = dir.resolve("capture.txt");
        try (var in = getClass().getResourceAsStream("/tic/hallard_tinfo_replay__stand_base_long.txt")) {
            Files.copy(in, capture, StandardCopyOption.REPLACE_EXISTING);
        }
        ok(DbRetentionCliTest.run(env, CLOCK, "import", "tic", capture.toString(), "--meter-id", METER));
        ok(CliTest.run(env, "price", "set", "--fluid", "electricity", "--option", "BASE", "--period", "BASE", "--from", "2021-04-01",
                "--to", "2021-05-01", "--amount", "0.2", "--source", "backup test"));
        ok(CliTest.run(env, "tariff", "offpeak", "--meter-id", METER, "--from", "2021-01-01", "HC (22H00-6H00)"));
        Path tempo = dir.resolve("tempo.csv");
        Files.writeString(tempo, "date,colour\n2026-01-15,rouge\n2026-01-16,BLUE\n");
        ok(CliTest.run(env, "tariff", "tempo", tempo.toString()));
        Path ejp = dir.resolve("ejp.csv");
        Files.writeString(ejp, "date\n2026-01-20\n");
        ok(CliTest.run(env, "tariff", "ejp", ejp.toString()));
        Path dju = dir.resolve("dju.csv");
        Files.writeString(dju, "date,dju\n2026-01-15,12.5\n");
        ok(CliTest.run(env, "tariff", "dju", dju.toString()));
        ok(CliTest.run(env, "user", "add", "paul", "--role", "household", "--household", METER, "--name", "Paul \"P\"\tO'Neil"));
        ok(CliTest.run(env, "user", "add", "anne", "--role", "advisor"));
        ok(CliTest.run(env, "user", "invite", "--role", "household", "--household", METER));
        ok(CliTest.run(env, "gateway", "add", "--meter", METER, "--firmware", "tasmota", "--id", "gw-backup"));
        // What only the server writes: sessions, consents, audit, sign-in throttling, OAuth state, sync state, events...
        try (Connection c = dataSource(url).getConnection(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO meter (code, household_id, fluid, kind, external_id) VALUES ('gaz-1', '" + METER + "', 'GAS', 'GAZPAR', '01234567890123')");
            st.execute("INSERT INTO utility_sync (meter_id, cursor_day, last_error, last_error_kind) SELECT id, '2026-02-01',"
                    + " E'timeout\\nretry', 'TRANSIENT' FROM meter WHERE code = 'gaz-1'");
            st.execute("INSERT INTO user_session (token_hash, user_id, csrf_token, idle_expires, expires_at)"
                    + " SELECT '\\x0102'::bytea, id, 'csrf', '2026-03-01Z', '2026-03-02Z' FROM app_user WHERE login = 'paul'");
            st.execute("INSERT INTO oauth_state (state_hash, provider, session_hash, household_id, expires_at, usage_point_id)"
                    + " VALUES ('\\x0a0b'::bytea, 'ENEDIS', '\\x0102'::bytea, '" + METER + "', '2026-03-01Z', '" + METER + "')");
            st.execute("INSERT INTO consent (household_id, advisor_id, scope, granularity) SELECT '" + METER + "', id, 'all', 'day'"
                    + " FROM app_user WHERE login = 'anne'");
            st.execute("INSERT INTO audit_event (household_id, actor_login, action, detail) VALUES ('" + METER + "', 'anne', 'read', 'ça ⚡')");
            st.execute("INSERT INTO consent_event (consent_id, household_id, at, action, actor_login, terms) SELECT id, household_id,"
                    + " '2026-02-01T10:00Z', 'granted', 'paul', 'electricity, day' FROM consent");
            st.execute("INSERT INTO similar_homes_member (household_id, joined_at) VALUES ('" + METER + "', '2026-02-01T10:00Z')");
            st.execute("INSERT INTO consent_request (advisor_id, addressed_to, household_id, scope, granularity, data_from, data_to,"
                    + " until_date, message, created_at, open_until, answered_at, answer, consent_id) SELECT c.advisor_id, 'paul',"
                    + " c.household_id, 'gas', 'month', '2025-01-01', '2026-01-01', '2027-01-01', 'hello', '2026-02-01T09:00Z',"
                    + " '2026-03-03T09:00Z', '2026-02-01T10:00Z', 'accepted', c.id FROM consent c");
            st.execute("INSERT INTO engagement_settings (household_id, alert_kinds, email_alerts, email, budget_eur, updated_at) VALUES ('"
                    + METER + "', '{LEAK,BUDGET}', true, 'paul@example.org', 80, '2026-02-01T10:00Z')");
            st.execute("INSERT INTO household_alert (household_id, kind, occurrence, raised_at, detail, mail) VALUES ('" + METER
                    + "', 'LEAK', '2026-02-01', '2026-02-01T10:00Z', '{\"night\": \"2026-02-01\"}', 'sent')");
            st.execute("INSERT INTO report_mail (household_id, month, sent_at) VALUES ('" + METER + "', '2026-01-01', '2026-02-02T10:00Z')");
            st.execute("INSERT INTO ecogesture_choice (household_id, gesture, status, decided_at) VALUES ('" + METER + "', 'elec-led', 'done',"
                    + " '2026-02-01T10:00Z')");
            st.execute("INSERT INTO challenge (household_id, fluid, target_pct, starts_on, ends_on, baseline, created_at) VALUES ('"
                    + METER + "', 'ELECTRICITY', 10, '2026-02-01', '2026-02-08', 70, '2026-02-01T10:00Z')");
            st.execute("INSERT INTO reading_quarantine (meter_id, channel, instant, value, reason, source, detail, received_at, checked_at)"
                    + " SELECT id, 'index.BASE', '2031-01-01Z', 7, 'future_instant', 'import:a.txt', 'ahead', '2026-02-01Z', '2026-02-01Z'"
                    + " FROM meter WHERE code = '" + METER + "'");
            st.execute("INSERT INTO sign_in_failure (subject) VALUES ('login:paul'), ('login:paul')");
            st.execute("INSERT INTO mqtt_session_lease (client_id, shared_group, holder, expires_at, renewed_at)"
                    + " VALUES ('ecofoyer-ingest-a', 'ecofoyer-ingest', 'ecofoyer-ingest-b', '2026-02-01T10:00:30Z', '2026-02-01T10:00Z')");
            st.execute("INSERT INTO meter_event (meter_id, instant, kind, channel, detail) SELECT id, '2021-04-23T03:40Z', 'RESET',"
                    + " 'elec.index.base', NULL FROM meter WHERE code = '" + METER + "'");
            st.execute("INSERT INTO meter_register_period (meter_id, register, period) SELECT id, 'EASF02', 'HC' FROM meter WHERE code = '" + METER + "'");
            st.execute("INSERT INTO raw_horizon (meter_id, horizon) SELECT id, '2020-01-01Z' FROM meter WHERE code = '" + METER + "'");
            st.execute("INSERT INTO meter_contract (meter_id, learned_at, kva, tariff_option, source) SELECT id, '2020-01-01T10:00Z', 9,"
                    + " 'TEMPO', 'tic' FROM meter WHERE code = '" + METER + "'");
            st.execute("INSERT INTO meter_daily_max (meter_id, day, phase, va, reached_at) SELECT id, '2020-01-01', 2, 3100,"
                    + " '2020-01-01T18:42:10Z' FROM meter WHERE code = '" + METER + "'");
            st.execute("INSERT INTO reading_dirty (meter_id, since) SELECT id, '2021-04-23Z' FROM meter WHERE code = 'gaz-1'");
            // a compacted day (bytea through COPY and back): what ingest's compactor writes
            try (java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO reading_block (meter_id, channel, day, first_instant,"
                    + " last_instant, readings, data) SELECT id, 'index.BASE', '2020-06-01Z', '2020-06-01T00:00:01Z', '2020-06-01T00:02:01Z', 3, ?"
                    + " FROM meter WHERE code = '" + METER + "'")) {
                long s0 = java.time.Instant.parse("2020-06-01T00:00:01Z").getEpochSecond() * 1_000_000L;
                ps.setBytes(1, org.ecofoyer.ingest.query.BlockCodec.encode(new long[] {s0, s0 + 60_000_000L, s0 + 120_000_000L},
                        new long[] {1000, 1003, 1009}, 3));
                ps.executeUpdate();
            }
        }
    }

    @Test
    void aPopulatedStoreComesBackIdenticalIntoAnEmptyDatabaseAndAnEmptyDataDirectory() throws Exception {
        String sourceUrl = TestDatabases.newEmptyDatabaseUrl();
        Map<String, String> source = external(sourceUrl);
        ok(CliTest.run(source, "db", "migrate"));
        populate(source, sourceUrl);
        Map<String, List<String>> before = TableContents.of(dataSource(sourceUrl));
        // Every table has rows: a table the backup forgot cannot pass as empty on both sides (a new table needs a row here).
        assertThat(before).isNotEmpty().allSatisfy((table, rows) -> assertThat(rows).as(table).isNotEmpty());

        Path file = dir.resolve("backups/ecofoyer-2026-03-01.zip");
        CliTest.Result backup = DbRetentionCliTest.run(source, CLOCK, "backup", "--out", file.toString());
        ok(backup);
        long rows = before.values().stream().mapToLong(List::size).sum();
        assertThat(DbRetentionCliTest.lastLine(backup.out())).startsWith("file=" + file.toAbsolutePath() + " bytes=" + Files.size(file))
                .contains(" tables=" + before.size() + " rows=" + rows + " ").endsWith(" timescale=no created-at=2026-03-01T02:00:00Z");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        // Written after the backup: not in it, but its id is the one a restored store must give next.
        ok(CliTest.run(source, "user", "add", "zoe", "--role", "operator"));
        long nextUserId = DbRetentionCliTest.count(sourceUrl, "SELECT id FROM app_user WHERE login = 'zoe'");

        String targetUrl = TestDatabases.newEmptyDatabaseUrl();
        Map<String, String> target = external(targetUrl);
        CliTest.Result restore = CliTest.run(target, "restore", file.toString());
        ok(restore);
        assertThat(DbRetentionCliTest.lastLine(restore.out())).startsWith("tables=" + before.size() + " rows=" + rows + " ")
                .contains("migrated-after=0").contains("backup-created-at=2026-03-01T02:00:00Z");
        assertThat(TableContents.of(dataSource(targetUrl))).isEqualTo(before);
        ok(CliTest.run(target, "user", "add", "newcomer", "--role", "operator"));
        assertThat(DbRetentionCliTest.count(targetUrl, "SELECT id FROM app_user WHERE login = 'newcomer'")).isEqualTo(nextUserId);
        CliTest.Result migrate = CliTest.run(target, "db", "migrate");
        ok(migrate);
        assertThat(migrate.out()).contains(": 0 migration(s) applied");
        // The restored store runs the server.
        EcofoyerConfig cfg = new EcofoyerConfig(dir.resolve("srv").toString(),
                new StorageConfig(targetUrl, "postgres", null, 8, null, null), new HttpConfig("127.0.0.1", 0), null, null, null, null);
        try (EcofoyerServer server = EcofoyerServer.start(cfg)) {
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        }

        // A second restore into the now populated database is refused, and changes nothing.
        Map<String, List<String>> restored = TableContents.of(dataSource(targetUrl));
        CliTest.Result refused = CliTest.run(target, "restore", file.toString());
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("the database at jdbc:postgresql:").contains("is not empty").contains("never merges");
        assertThat(TableContents.of(dataSource(targetUrl))).isEqualTo(restored);

        // The embedded default: an empty data directory.
        Path data = dir.resolve("fresh-data");
        ok(CliTest.run("--data-dir", data.toString(), "restore", file.toString()));
        try (Database embedded = Database.open(StorageConfig.DEFAULTS, data)) {
            assertThat(TableContents.of(embedded.dataSource())).isEqualTo(before);
        }
        CliTest.Result again = CliTest.run("--data-dir", data.toString(), "restore", file.toString());
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("the embedded store in " + data.toAbsolutePath() + " is not empty");
    }

    @Test
    void aMissingFileIsAUsageError() {
        CliTest.Result r = CliTest.run("--data-dir", dir.resolve("d").toString(), "restore", dir.resolve("nope.zip").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no such backup file");
        assertThat(dir.resolve("d")).doesNotExist();
    }
}
