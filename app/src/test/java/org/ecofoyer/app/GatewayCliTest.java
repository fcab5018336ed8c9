package org.ecofoyer.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import org.ecofoyer.storage.TestDatabases;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code ecofoyer gateway add|list|show|remove} and their refusals (exit 2, nothing written), on a real PostgreSQL. */
class GatewayCliTest {
    static String url;
    static Map<String, String> env;

    @BeforeAll
    static void database() {
        url = TestDatabases.newEmptyDatabaseUrl();
        env = Map.of("ECOFOYER_STORAGE_URL", url, "ECOFOYER_STORAGE_USER", "postgres");
        ok("household", "add", "--name", "Roux", "--id", "roux");
        ok("meter", "add", "--household", "roux", "--fluid", "electricity", "--code", "09123456789012", "--tariff-option", "base");
        ok("meter", "add", "--household", "roux", "--fluid", "gas", "--code", "GI000001");
    }

    static Map<String, String> ok(String... args) {
        CliTest.Result r = CliTest.run(env, args);
        assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isZero();
        return OnboardingCliTest.lastLine(r);
    }

    static long gateways() throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", null);
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM gateway")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aGatewayIsRegisteredShownListedAndRemoved() throws Exception {
        Map<String, String> added = ok("gateway", "add", "--meter", "09123456789012", "--firmware", "teleinfo2mqtt",
                "--mode", "standard", "--serial", "021861348497", "--id", "gw-roux");
        assertThat(added).containsEntry("id", "gw-roux").containsEntry("username", "gw-roux")
                .containsEntry("topic", "teleinfo/021861348497").containsEntry("meter", "09123456789012")
                .containsEntry("household", "roux").containsEntry("mode", "standard").containsKey("password");
        Map<String, String> shown = ok("gateway", "show", "gw-roux");
        assertThat(shown).containsEntry("state", "new").containsEntry("serial", "021861348497").doesNotContainKey("password");
        CliTest.Result json = CliTest.run(env, "gateway", "show", "gw-roux", "--json");
        assertThat(json.out()).contains("\"state\":\"new\"", "\"topic\":\"teleinfo/021861348497\"", "\"lastSeen\":null");
        assertThat(CliTest.run(env, "gateway", "list", "--meter", "09123456789012").out()).startsWith("id=gw-roux household=roux");

        CliTest.Result meterGone = CliTest.run(env, "meter", "remove", "09123456789012", "--yes");
        assertThat(meterGone.code()).isEqualTo(2);
        assertThat(meterGone.err()).contains("fed by gateway 'gw-roux': remove its gateways first");

        assertThat(ok("gateway", "remove", "gw-roux")).containsEntry("removed", "true");
        assertThat(gateways()).isZero();
        assertThat(CliTest.run(env, "gateway", "remove", "gw-roux").code()).isEqualTo(2);
    }

    @Test
    void configPrintsTheFirmwaresConfigurationForTheRegisteredGateway() {
        Map<String, String> added = ok("gateway", "add", "--meter", "09123456789012", "--firmware", "tasmota", "--mode", "standard",
                "--id", "gw-conf");
        CliTest.Result r = CliTest.run(env, "gateway", "config", "gw-conf", "--broker", "tcp://192.168.1.10:1883");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("EnergyConfig Standard\nEnergyConfig Full\nTelePeriod 10\n"
                + "Backlog MqttHost 192.168.1.10; MqttPort 1883; MqttUser gw-conf; MqttPassword PASSWORD-FROM-GATEWAY-ADD;"
                + " MqttClient gw-conf; Topic gw-conf; FullTopic %prefix%/%topic%/\n");
        assertThat(r.err()).contains("note: replace PASSWORD-FROM-GATEWAY-ADD", "rotate-secret gw-conf");
        assertThat(r.out()).doesNotContain(added.get("password"));
        CliTest.Result noBroker = CliTest.run(env, "gateway", "config", "gw-conf");
        assertThat(noBroker.code()).isEqualTo(2);
        assertThat(noBroker.err()).contains("--broker: give the broker's address");
        CliTest.Result badBroker = CliTest.run(env, "gateway", "config", "gw-conf", "--broker", "http://x");
        assertThat(badBroker.code()).isEqualTo(2);
        assertThat(CliTest.run(env, "gateway", "config", "gw-none", "--broker", "tcp://h:1").code()).isEqualTo(2);
        ok("gateway", "remove", "gw-conf");
    }

    @Test
    void badInputExits2WithTheReasonAndRegistersNothing() throws Exception {
        ok("gateway", "add", "--meter", "09123456789012", "--firmware", "tasmota", "--id", "gw-first");
        long before = gateways();
        String[][] cases = {
                {"--meter", "nope", "--firmware", "tasmota"}, {"no meter 'nope'"},
                {"--meter", "09123456789012", "--firmware", "shelly"}, {"unknown firmware 'shelly'"},
                {"--meter", "09123456789012", "--firmware", "raw", "--mode", "turbo"}, {"unknown TIC mode 'turbo'"},
                {"--meter", "09123456789012", "--firmware", "raw", "--id", "gw-first"}, {"gateway 'gw-first' exists already"},
                {"--meter", "09123456789012", "--firmware", "raw", "--id", "a/b"}, {"gateway id: expected"},
                {"--meter", "GI000001", "--firmware", "raw"}, {"read from its utility"},
        };
        for (int i = 0; i < cases.length; i += 2) {
            String[] args = new String[cases[i].length + 2];
            args[0] = "gateway";
            args[1] = "add";
            System.arraycopy(cases[i], 0, args, 2, cases[i].length);
            CliTest.Result r = CliTest.run(env, args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err()).contains(cases[i + 1][0]);
            assertThat(r.out()).isEmpty();
        }
        assertThat(gateways()).isEqualTo(before);
        CliTest.Result unknown = CliTest.run(env, "gateway", "rotate-secret", "gw-nobody");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("no gateway 'gw-nobody'");
        ok("gateway", "remove", "gw-first");
    }
}
