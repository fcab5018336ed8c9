package org.ecofoyer.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.ecofoyer.app.config.EcofoyerConfig;
import org.ecofoyer.dashboard.HttpConfig;
import org.ecofoyer.storage.TestDatabases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ecofoyer household ...} and {@code ecofoyer meter ...} against a real PostgreSQL, held to the command
 * contract of issue #14: the last stdout line is {@code key=value} pairs, bad input exits 2 with the reason, and
 * nothing is half-created.
 */
class OnboardingCliTest {
    static String url;
    static Map<String, String> env;

    @BeforeAll
    static void database() throws Exception {
        url = TestDatabases.newEmptyDatabaseUrl();
        env = Map.of("ECOFOYER_STORAGE_URL", url, "ECOFOYER_STORAGE_USER", "postgres");
        assertThat(CliTest.run(env, "db", "migrate").code()).isZero();
    }

    /** The pairs of a command's last stdout line, unquoting quoted values. */
    static Map<String, String> lastLine(CliTest.Result r) {
        String[] lines = r.out().strip().split("\n");
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("([a-z-]+)=(\"((?:[^\"\\\\]|\\\\.)*)\"|[^ \"]+)( |$)").matcher(lines[lines.length - 1]);
        int end = 0;
        while (m.find() && m.start() == end) {
            out.put(m.group(1), m.group(3) != null ? m.group(3).replaceAll("\\\\(.)", "$1") : m.group(2));
            end = m.end();
        }
        assertThat(end).as("the whole last line is key=value pairs: " + lines[lines.length - 1]).isEqualTo(lines[lines.length - 1].length());
        return out;
    }

    static long count(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", null); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aHouseholdIsAddedWithAGeneratedIdShownAndListed() throws Exception {
        CliTest.Result r = CliTest.run(env, "household", "add", "--name", "Famille Lefèvre", "--zone", "Europe/Brussels");
        assertThat(r.code()).as(r.err()).isZero();
        Map<String, String> kv = lastLine(r);
        assertThat(kv.get("id")).matches("famille-lefevre-[a-z2-9]{4}");
        assertThat(kv).containsEntry("zone", "Europe/Brussels").containsEntry("name", "Famille Lefèvre");
        String id = kv.get("id");
        try (Connection c = DriverManager.getConnection(url, "postgres", null);
             ResultSet rs = c.createStatement().executeQuery("SELECT name, timezone FROM household WHERE id = '" + id + "'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("Famille Lefèvre");
            assertThat(rs.getString(2)).isEqualTo("Europe/Brussels");
        }
        CliTest.Result again = CliTest.run(env, "household", "add", "--name", "Famille Lefèvre");
        assertThat(lastLine(again).get("id")).as("the same name gets another id").isNotEqualTo(id).startsWith("famille-lefevre-");

        assertThat(CliTest.run(env, "household", "list").out()).contains("id=" + id + " zone=Europe/Brussels name=\"Famille Lefèvre\" meters=0");
        CliTest.Result show = CliTest.run(env, "household", "show", id);
        assertThat(show.code()).isZero();
        assertThat(lastLine(show)).containsEntry("id", id).containsEntry("meters", "0");
    }

    @Test
    void badHouseholdInputExits2WithTheReasonAndCreatesNothing() throws Exception {
        assertThat(CliTest.run(env, "household", "add", "--name", "Dupont", "--id", "dupont").code()).isZero();
        long before = count("SELECT count(*) FROM household");
        CliTest.Result dup = CliTest.run(env, "household", "add", "--name", "Autre", "--id", "dupont");
        assertThat(dup.code()).isEqualTo(2);
        assertThat(dup.err()).contains("household 'dupont' exists already");
        assertThat(dup.out()).isEmpty();
        CliTest.Result zone = CliTest.run(env, "household", "add", "--name", "X", "--zone", "Mars/Olympus");
        assertThat(zone.code()).isEqualTo(2);
        assertThat(zone.err()).contains("unknown time zone 'Mars/Olympus'");
        CliTest.Result unknown = CliTest.run(env, "household", "show", "nobody");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("no household 'nobody'");
        assertThat(count("SELECT count(*) FROM household")).isEqualTo(before);
        assertThat(count("SELECT count(*) FROM household WHERE id = 'dupont' AND name = 'Dupont'")).isOne();
    }

    @Test
    void metersAreAddedListedAndRemovedWithTheirReadings() throws Exception {
        assertThat(CliTest.run(env, "household", "add", "--name", "Martin", "--id", "martin").code()).isZero();
        CliTest.Result linky = CliTest.run(env, "meter", "add", "--household", "martin", "--fluid", "electricity",
                "--code", "021861348497", "--tariff-option", "hphc", "--kva", "9");
        assertThat(linky.code()).as(linky.err()).isZero();
        assertThat(lastLine(linky)).containsExactlyEntriesOf(new LinkedHashMap<>(Map.of("id", "021861348497")) {
            {
                put("household", "martin");
                put("fluid", "electricity");
                put("kind", "linky_tic");
                put("tariff-option", "hphc");
                put("kva", "9");
            }
        });
        // A gas meter's option is its reference-price band (#16): cooking and hot water here.
        CliTest.Result gas = CliTest.run(env, "meter", "add", "--household", "martin", "--fluid", "gas", "--code", "GI123456",
                "--tariff-option", "prix_repere_b0");
        assertThat(lastLine(gas)).containsEntry("id", "GI123456").containsEntry("kind", "gazpar");
        assertThat(count("SELECT count(*) FROM meter WHERE household_id = 'martin' AND external_id = code")).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM meter WHERE code = '021861348497' AND tariff_option = 'HPHC' AND subscribed_kva = 9")).isOne();

        List<String> listed = CliTest.run(env, "meter", "list", "--household", "martin").out().strip().lines().toList();
        assertThat(listed).containsExactly(
                "id=021861348497 household=martin fluid=electricity kind=linky_tic tariff-option=hphc kva=9",
                "id=GI123456 household=martin fluid=gas kind=gazpar tariff-option=prix_repere_b0");
        assertThat(lastLine(CliTest.run(env, "household", "show", "martin"))).containsEntry("meters", "2");

        try (Connection c = DriverManager.getConnection(url, "postgres", null)) {
            c.createStatement().execute("INSERT INTO reading (meter_id, channel, instant, value) SELECT id, 'INDEX_BASE', now(), 1 FROM meter WHERE code = 'GI123456'");
        }
        CliTest.Result unsure = CliTest.run(env, "meter", "remove", "GI123456");
        assertThat(unsure.code()).isEqualTo(2);
        assertThat(unsure.err()).contains("erases its readings and rollups: add --yes");
        assertThat(count("SELECT count(*) FROM meter WHERE code = 'GI123456'")).isOne();
        CliTest.Result removed = CliTest.run(env, "meter", "remove", "GI123456", "--yes");
        assertThat(removed.code()).as(removed.err()).isZero();
        assertThat(lastLine(removed)).containsEntry("id", "GI123456").containsEntry("removed", "true");
        assertThat(count("SELECT count(*) FROM meter WHERE code = 'GI123456'")).isZero();
        assertThat(count("SELECT count(*) FROM reading r WHERE NOT EXISTS (SELECT 1 FROM meter m WHERE m.id = r.meter_id)")).isZero();
        assertThat(CliTest.run(env, "meter", "remove", "GI123456", "--yes").code()).isEqualTo(2);
    }

    /**
     * On the embedded database, while a server runs on it: the onboarding commands reach the server's PostgreSQL, and
     * the server's ingest binds the new gateway without a restart.
     */
    @Test
    void onboardingWorksWhileTheServerRunsOnTheEmbeddedDatabaseAndItsIngestBindsTheGateway(@TempDir Path dataDir) throws Exception {
        EcofoyerConfig cfg = new EcofoyerConfig(dataDir.toString(), null, new HttpConfig("127.0.0.1", 0), null, null, null, null);
        try (EcofoyerServer server = EcofoyerServer.start(cfg)) {
            String d = dataDir.toString();
            CliTest.Result h = CliTest.run("--data-dir", d, "household", "add", "--name", "Beside", "--id", "beside");
            assertThat(h.code()).as(h.err()).isZero();
            assertThat(CliTest.run("--data-dir", d, "meter", "add", "--household", "beside", "--fluid", "electricity", "--code", "061961361253")
                    .code()).isZero();
            CliTest.Result g = CliTest.run("--data-dir", d, "gateway", "add", "--meter", "061961361253", "--firmware", "tasmota", "--id", "gw-beside");
            assertThat(g.code()).as(g.err()).isZero();
            Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> server.ingest().gateways().find("tele/gw-beside/SENSOR") != null);
            assertThat(server.ingest().gateways().find("tele/gw-beside/SENSOR").meter()).isEqualTo("061961361253");

            // The older admin commands too (#14): accounts, prices, tariff calendars, quarantine, export.
            String[][] beside = {
                    {"user", "add", "beside-home", "--household", "beside"},
                    {"user", "add", "beside-installer", "--role", "installer"},
                    {"user", "passwd", "beside-installer"},
                    {"user", "invite", "--role", "operator"},
                    {"price", "list", "--fluid", "electricity"},
                    {"tariff", "offpeak", "--meter-id", "061961361253", "--from", "2026-01-01", "HC (22H00-6H00)"},
                    {"quarantine", "list"},
                    {"export", "--meter-id", "061961361253", "--granularity", "day", "--from", "2026-01-01", "--to", "2026-01-02"}};
            for (String[] args : beside) {
                String[] withDir = new String[args.length + 2];
                withDir[0] = "--data-dir";
                withDir[1] = d;
                System.arraycopy(args, 0, withDir, 2, args.length);
                CliTest.Result r = CliTest.run(withDir);
                assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isZero();
            }
            try (var c = server.database().dataSource().getConnection();
                 var rs = c.createStatement().executeQuery("SELECT count(*) FROM app_user WHERE login IN ('beside-home', 'beside-installer')")) {
                rs.next();
                assertThat(rs.getInt(1)).as("accounts made beside the server, in its database").isEqualTo(2);
            }
        }
    }

    @Test
    void badMeterInputExits2WithTheReasonAndWritesNothing() throws Exception {
        assertThat(CliTest.run(env, "household", "add", "--name", "Bernard", "--id", "bernard").code()).isZero();
        assertThat(CliTest.run(env, "household", "add", "--name", "Petit", "--id", "petit").code()).isZero();
        assertThat(CliTest.run(env, "meter", "add", "--household", "bernard", "--fluid", "water", "--code", "W-77").code()).isZero();
        long before = count("SELECT count(*) FROM meter");
        Map<String[], String> refusals = new LinkedHashMap<>();
        refusals.put(new String[] {"--household", "ghost", "--fluid", "gas", "--code", "G-1"}, "no household 'ghost'");
        refusals.put(new String[] {"--household", "petit", "--fluid", "fuel", "--code", "F-1"}, "fluid: expected electricity, gas or water, got 'fuel'");
        refusals.put(new String[] {"--household", "petit", "--fluid", "water", "--code", "W-77"}, "meter 'W-77' exists already");
        refusals.put(new String[] {"--household", "petit", "--fluid", "electricity", "--code", "E-1", "--tariff-option", "nuit"}, "unknown option 'nuit'");
        refusals.put(new String[] {"--household", "petit", "--fluid", "electricity", "--code", "E-1", "--kva", "99"}, "3 to 36 kVA");
        refusals.put(new String[] {"--household", "petit", "--fluid", "gas", "--code", "G-2", "--tariff-option", "hphc"},
                "a gas meter's is its reference-price band, prix_repere (heating, B1, the default) or prix_repere_b0");
        refusals.put(new String[] {"--household", "petit", "--fluid", "water", "--code", "W-2", "--tariff-option", "prix_repere"},
                "is an electricity or gas option");
        for (Map.Entry<String[], String> e : refusals.entrySet()) {
            String[] args = new String[e.getKey().length + 2];
            args[0] = "meter";
            args[1] = "add";
            System.arraycopy(e.getKey(), 0, args, 2, e.getKey().length);
            CliTest.Result r = CliTest.run(env, args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err()).contains(e.getValue());
            assertThat(r.out()).isEmpty();
        }
        assertThat(count("SELECT count(*) FROM meter")).isEqualTo(before);
        assertThat(count("SELECT count(*) FROM meter WHERE code = 'W-77' AND household_id = 'bernard'")).isOne();
    }
}
