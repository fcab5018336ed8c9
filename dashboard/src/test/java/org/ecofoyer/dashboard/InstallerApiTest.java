package org.ecofoyer.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.ecofoyer.gateway.BrokerPasswords;
import org.ecofoyer.gateway.BrokerProvisioning;
import org.ecofoyer.gateway.Onboarding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Onboarding through the API as an installer and an operator would (issue #14): a household, its meters and a gateway
 * whose broker password is shown once, with its firmware configuration; the refusals are the commands' own words
 * (one {@link Onboarding} behind both) and write nothing; a household's and an advisor's attempts are refused and
 * write nothing either; each change is in the household's access log.
 */
class InstallerApiTest {
    static TestServer server;
    static Browser ivan;
    static Browser olga;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(DashboardConfig.DEFAULTS,
                (d, vertx, jdbc) -> d.withOnboarding(new Onboarding(BrokerProvisioning.FILES), "tcp://broker.example:1883"));
        ivan = new Browser(server.base());
        assertThat(ivan.signIn("ivan", TestServer.PASSWORD).statusCode()).isEqualTo(200);
        olga = new Browser(server.base());
        assertThat(olga.signIn("olga", TestServer.PASSWORD).statusCode()).isEqualTo(200);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static JsonObject ok(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return Browser.json(r);
    }

    static String detail(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return Browser.json(r).getString("detail");
    }

    @Test
    void anInstallerOnboardsAHomeWithAMeterAndAGatewayWhosePasswordIsShownOnce() throws Exception {
        JsonObject h = ok(ivan.send("POST", "/api/v1/installer/households", new JsonObject().put("name", "Famille Lefèvre")
                .put("zone", "Europe/Brussels")), 201);
        String id = h.getString("id");
        assertThat(id).matches("famille-lefevre-[a-z2-9]{4}");
        assertThat(h.getString("zone")).isEqualTo("Europe/Brussels");
        JsonObject m = ok(ivan.send("POST", "/api/v1/installer/meters", new JsonObject().put("household", id)
                .put("fluid", "electricity").put("code", "021861348497").put("tariffOption", "hphc").put("kva", 9)), 201);
        assertThat(m.encode()).isEqualTo(new JsonObject().put("code", "021861348497").put("household", id).put("fluid", "electricity")
                .put("kind", "linky_tic").put("tariffOption", "hphc").put("kva", 9).encode());
        ok(olga.send("POST", "/api/v1/installer/meters", new JsonObject().put("household", id).put("fluid", "water")
                .put("code", "W-2001")), 201);

        JsonObject g = ok(ivan.send("POST", "/api/v1/installer/gateways", new JsonObject().put("meter", "021861348497")
                .put("firmware", "tasmota").put("mode", "standard")), 201);
        String gw = g.getString("id");
        String password = g.getString("password");
        assertThat(gw).matches("gw-[a-z2-9]{6}");
        assertThat(password).matches("[A-Za-z2-9]{24}");
        assertThat(g.getString("topic")).isEqualTo("tele/" + gw + "/SENSOR");
        assertThat(g.getBoolean("brokerProvisioned")).isFalse();
        assertThat(g.getJsonObject("config").getString("text")).contains("MqttHost broker.example", "MqttPassword " + password,
                "Topic " + gw, "EnergyConfig Standard");
        assertThat(storedHash(gw)).satisfies(hash -> assertThat(BrokerPasswords.verify(password, hash)).isTrue());

        // Never again: not in the gateway, the household, the lists or the configuration to download.
        for (String path : new String[] {"/api/v1/installer/gateways/" + gw, "/api/v1/installer/households/" + id,
                "/api/v1/installer/gateways", "/api/v1/installer/gateways/" + gw + "/config"}) {
            HttpResponse<String> r = olga.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.body()).as(path).doesNotContain(password).doesNotContain(storedHash(gw));
        }
        JsonObject shown = ok(olga.get("/api/v1/installer/households/" + id), 200);
        assertThat(shown.getJsonArray("meters")).hasSize(2);
        assertThat(shown.getJsonArray("gateways").getJsonObject(0).getString("id")).isEqualTo(gw);
        assertThat(shown.getJsonArray("gateways").getJsonObject(0).getString("state")).isEqualTo("new");
        HttpResponse<String> file = ivan.get("/api/v1/installer/gateways/" + gw + "/config?format=text&broker=tcp://192.168.1.10:1883");
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.headers().firstValue("content-disposition")).hasValue("attachment; filename=\"" + gw + "-config.txt\"");
        assertThat(file.body()).contains("MqttHost 192.168.1.10", "MqttPassword PASSWORD-FROM-GATEWAY-ADD");

        JsonObject rotated = ok(ivan.send("POST", "/api/v1/installer/gateways/" + gw + "/rotate-secret", null), 200);
        String renewed = rotated.getString("password");
        assertThat(renewed).isNotEqualTo(password);
        assertThat(BrokerPasswords.verify(renewed, storedHash(gw))).isTrue();
        assertThat(BrokerPasswords.verify(password, storedHash(gw))).isFalse();

        assertThat(detail(ivan.send("DELETE", "/api/v1/installer/meters/021861348497", null), 400))
                .isEqualTo("meter '021861348497' is fed by gateway '" + gw + "': remove its gateways first (ecofoyer gateway remove ID)");
        ok(ivan.send("DELETE", "/api/v1/installer/gateways/" + gw, null), 200);
        assertThat(server.count("SELECT count(*) FROM gateway WHERE id = ?", gw)).isZero();
        ok(ivan.send("DELETE", "/api/v1/installer/meters/021861348497", null), 200);
        assertThat(server.count("SELECT count(*) FROM meter WHERE household_id = ?", id)).isOne();

        // The household sees who changed its installation, in order.
        assertThat(server.count("SELECT count(*) FROM audit_event WHERE household_id = ? AND actor_login = 'ivan'", id)).isEqualTo(6);
        assertThat(server.count("SELECT count(*) FROM audit_event WHERE household_id = ? AND actor_login = 'olga' AND action = 'meter.added'", id)).isOne();
    }

    /** The commands' refusals, word for word (OnboardingCliTest, GatewayCliTest), and nothing written. */
    @Test
    void badInputIsRefusedWithTheCommandsReasonAndWritesNothing() throws Exception {
        long households = server.count("SELECT count(*) FROM household");
        long meters = server.count("SELECT count(*) FROM meter");
        assertThat(detail(ivan.send("POST", "/api/v1/installer/households", new JsonObject().put("name", "X").put("zone", "Mars/Olympus")), 400))
                .isEqualTo("zone: unknown time zone 'Mars/Olympus' (expected e.g. Europe/Paris)");
        assertThat(detail(ivan.send("POST", "/api/v1/installer/households", new JsonObject().put("name", "Autre").put("id", "H1")), 400))
                .isEqualTo("household 'H1' exists already");
        assertThat(detail(ivan.send("POST", "/api/v1/installer/households", new JsonObject().put("name", " ")), 400))
                .isEqualTo("name: expected the household's name, got an empty one");
        assertThat(detail(ivan.send("POST", "/api/v1/installer/meters", new JsonObject().put("household", "H1").put("fluid", "fuel")
                .put("code", "F-1")), 400)).isEqualTo("fluid: expected electricity, gas or water, got 'fuel'");
        assertThat(detail(ivan.send("POST", "/api/v1/installer/meters", new JsonObject().put("household", "ghost").put("fluid", "gas")
                .put("code", "G-1")), 400)).isEqualTo("no household 'ghost' (create it first: ecofoyer household add --name NAME)");
        assertThat(detail(ivan.send("POST", "/api/v1/installer/meters", new JsonObject().put("household", "H1").put("fluid", "electricity")
                .put("code", "E-1").put("kva", 99)), 400)).contains("3 to 36 kVA");
        assertThat(detail(ivan.send("POST", "/api/v1/installer/meters", new JsonObject().put("household", "H2").put("fluid", "gas")
                .put("code", "H1-gas")), 400)).isEqualTo("meter 'H1-gas' exists already");
        assertThat(detail(ivan.send("POST", "/api/v1/installer/gateways", new JsonObject().put("meter", "H1-elec").put("firmware", "sonoff")), 400))
                .isEqualTo("unknown firmware 'sonoff': expected tasmota, esphome, teleinfo2mqtt, zlinky or raw");
        assertThat(detail(ivan.send("POST", "/api/v1/installer/gateways", new JsonObject().put("meter", "nope").put("firmware", "raw")), 400))
                .isEqualTo("no meter 'nope' (add it first: ecofoyer meter add)");
        assertThat(detail(ivan.get("/api/v1/installer/households/nobody"), 404)).isEqualTo("no household 'nobody'");
        assertThat(detail(ivan.send("POST", "/api/v1/installer/gateways/gw-nobody/rotate-secret", null), 404)).isEqualTo("no gateway 'gw-nobody'");
        assertThat(server.count("SELECT count(*) FROM household")).isEqualTo(households);
        assertThat(server.count("SELECT count(*) FROM meter")).isEqualTo(meters);
        assertThat(server.count("SELECT count(*) FROM gateway")).isZero();
    }

    /** Households (even for their own home) and advisors onboard nothing: 403, and nothing is written. */
    @Test
    void householdsAndAdvisorsAreRefusedAndWriteNothing() throws Exception {
        long households = server.count("SELECT count(*) FROM household");
        for (String login : new String[] {"alice", "adele"}) {
            Browser b = new Browser(server.base());
            assertThat(b.signIn(login, TestServer.PASSWORD).statusCode()).isEqualTo(200);
            assertThat(b.send("POST", "/api/v1/installer/households", new JsonObject().put("name", "By " + login)).statusCode())
                    .as(login).isEqualTo(403);
            assertThat(b.send("POST", "/api/v1/installer/meters", new JsonObject().put("household", "H1").put("fluid", "gas")
                    .put("code", "G-" + login)).statusCode()).as(login).isEqualTo(403);
            assertThat(b.send("POST", "/api/v1/installer/gateways", new JsonObject().put("meter", "H1-elec").put("firmware", "raw")
                    .put("id", "gw-" + login)).statusCode()).as(login).isEqualTo(403);
            assertThat(b.send("DELETE", "/api/v1/installer/meters/H1-water", null).statusCode()).as(login).isEqualTo(403);
            assertThat(b.get("/api/v1/installer/households").statusCode()).as(login).isEqualTo(403);
        }
        assertThat(server.count("SELECT count(*) FROM household")).isEqualTo(households);
        assertThat(server.count("SELECT count(*) FROM meter WHERE code IN ('G-alice', 'G-adele', 'H1-water')")).isOne();
        assertThat(server.count("SELECT count(*) FROM gateway")).isZero();
    }

    static String storedHash(String gateway) throws Exception {
        try (var c = server.db.dataSource().getConnection();
             var ps = c.prepareStatement("SELECT password_hash FROM gateway WHERE id = ?")) {
            ps.setString(1, gateway);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
