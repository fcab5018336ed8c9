package org.ecofoyer.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HouseholdApiTest {
    TestServer server;
    Browser alice;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer();
        try (Connection c = server.db.dataSource().getConnection()) {
            TestServer.sql(c, "INSERT INTO reading (meter_id, channel, instant, value) SELECT id, 'index.HP', '2026-11-15T10:00:00Z', 1234567 FROM meter WHERE code = 'H1-elec'");
            TestServer.sql(c, "INSERT INTO reading (meter_id, channel, instant, value) SELECT id, 'index.HC', '2026-11-15T09:59:00Z', 7654321 FROM meter WHERE code = 'H1-elec'");
            TestServer.sql(c, "INSERT INTO reading (meter_id, channel, instant, value) SELECT id, 'index.HC', '2026-11-15T11:00:00Z', 5 FROM meter WHERE code = 'H2-elec'");
            TestServer.sql(c, "INSERT INTO consent (household_id, advisor_id, scope, granularity) SELECT 'H1', id, 'electricity', 'day' FROM app_user WHERE login = 'adele'");
        }
        alice = new Browser(server.base());
        assertThat(alice.signIn("alice", TestServer.PASSWORD).statusCode()).isEqualTo(200);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void householdAndItsSourcesWithTheirLatestReading() {
        JsonObject h = Browser.json(alice.get("/api/v1/households/H1"));
        assertThat(h.getString("timezone")).isEqualTo("Europe/Paris");
        assertThat(h.getJsonArray("meters").stream().map(m -> ((JsonObject) m).getString("code")))
                .containsExactly("H1-elec", "H1-gas", "H1-water");
        JsonArray sources = Browser.json(alice.get("/api/v1/households/H1/sources")).getJsonArray("sources");
        JsonObject elec = sources.getJsonObject(0);
        assertThat(elec.getString("lastReading")).isEqualTo("2026-11-15T10:00:00Z");
        // "Now" is 12:00Z: the gateway has been silent for two hours.
        assertThat(elec.getString("status")).isEqualTo("stale");
        assertThat(elec.getString("adviceCode")).isEqualTo("STALE");
        assertThat(elec.getString("advice")).contains("gateway is plugged in");
        assertThat(sources.getJsonObject(1).getString("status")).isEqualTo("waiting");
        assertThat(sources.getJsonObject(1).getString("adviceCode")).isEqualTo("WAITING_SYNC");
        assertThat(sources.getJsonObject(1).getString("lastReading")).isNull();
    }

    @Test
    void aGatewayMeterHeardFromWithinTheHourIsWorking() throws Exception {
        try (Connection c = server.db.dataSource().getConnection()) {
            TestServer.sql(c, "INSERT INTO reading (meter_id, channel, instant, value) SELECT id, 'index.HP', '2026-11-15T11:05:00Z', 1234570 FROM meter WHERE code = 'H1-elec'");
        }
        JsonObject elec = Browser.json(alice.get("/api/v1/households/H1/sources")).getJsonArray("sources").getJsonObject(0);
        assertThat(elec.getString("lastReading")).isEqualTo("2026-11-15T11:05:00Z");
        assertThat(elec.getString("status")).isEqualTo("ok");
        assertThat(elec.containsKey("adviceCode")).isFalse();
    }

    @Test
    void aUtilityMetersSyncStateIsShownWithItsSource() throws Exception {
        try (Connection c = server.db.dataSource().getConnection()) {
            TestServer.sql(c, "INSERT INTO utility_sync (meter_id, cursor_day, last_error, last_error_kind, next_run, running_since,"
                    + " progress_days, progress_total) SELECT id, '2026-11-10', 'GRDF (Gazpar) has no consent for meter 1: the household"
                    + " must grant access', 'CONSENT_MISSING', '2026-11-16T07:30:00Z', now(), 28, 365 FROM meter WHERE code = 'H1-gas'");
        }
        JsonArray sources = Browser.json(alice.get("/api/v1/households/H1/sources")).getJsonArray("sources");
        JsonObject gas = sources.stream().map(o -> (JsonObject) o).filter(o -> o.getString("code").equals("H1-gas"))
                .findFirst().orElseThrow();
        JsonObject sync = gas.getJsonObject("sync");
        assertThat(sync.getString("dataUntil")).isEqualTo("2026-11-09");
        assertThat(sync.getString("lastErrorKind")).isEqualTo("CONSENT_MISSING");
        assertThat(sync.getString("lastError")).contains("household must grant access");
        assertThat(sync.getString("nextRun")).isEqualTo("2026-11-16T07:30:00Z");
        assertThat(sync.getBoolean("running")).isTrue();
        assertThat(sync.getInteger("progressDays")).isEqualTo(28);
        assertThat(sync.getInteger("progressTotal")).isEqualTo(365);
        assertThat(gas.getString("status")).isEqualTo("error");
        assertThat(gas.getString("lastError")).contains("household must grant access");
        assertThat(gas.getString("advice")).isEqualTo("Grant access to this meter on the utility's consent page.");
        assertThat(gas.getString("adviceCode")).isEqualTo("CONSENT_MISSING");
        assertThat(sources.getJsonObject(0).containsKey("sync")).as("a TIC meter has no utility sync").isFalse();
    }

    @Test
    void exportIsAZipOfEverythingOfThisHouseholdOnlyAndIsLogged() throws IOException {
        HttpResponse<byte[]> r = alice.getBytes("/api/v1/households/H1/export");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/zip");
        assertThat(r.headers().firstValue("content-disposition").orElseThrow()).startsWith("attachment; filename=\"ecofoyer-H1-");
        Map<String, String> files = unzip(r.body());
        assertThat(files.keySet()).contains("README.txt", "household.json", "meters.json", "meters.csv", "readings.csv",
                "rollups.csv", "consents.json", "consents.csv", "access-log.json", "access-log.csv");
        assertThat(files.get("readings.csv")).isEqualTo("meter,channel,instant,value\n"
                + "H1-elec,index.HC,2026-11-15 09:59:00+00,7654321\n"
                + "H1-elec,index.HP,2026-11-15 10:00:00+00,1234567\n");
        assertThat(files.get("rollups.csv")).startsWith("meter,granularity,local_start,start_at,period,quantity_wh_or_litres,gas_volume_litres,cost_eur,estimated,incomplete\n")
                .contains("H1-elec,day,2026-11-01 00:00:00,2026-10-31 23:00:00+00,HP,6000,,1.30000000,f,f\n")
                .contains("H1-water,day,").doesNotContain("H2-");
        assertThat(new JsonObject(files.get("household.json")).getString("id")).isEqualTo("H1");
        assertThat(new JsonArray(files.get("consents.json")).getJsonObject(0).getString("advisor")).isEqualTo("adele");
        assertThat(files.get("meters.csv")).startsWith("code,fluid,kind,externalId,tariffOption,subscribedKva,createdAt\r\nH1-elec,electricity,LINKY_TIC,,HPHC,6,");
        JsonArray log = Browser.json(alice.get("/api/v1/households/H1/access-log")).getJsonArray("events");
        assertThat(log.getJsonObject(0).getString("action")).isEqualTo("export");
        assertThat(log.getJsonObject(0).getString("actor")).isEqualTo("alice");
    }

    @Test
    void anotherHouseholdsResourceIs404AndLoggedInThatHouseholdsAccessLog() throws Exception {
        HttpResponse<String> r = alice.get("/api/v1/households/H2/sources");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).doesNotContain("H2-elec");
        Browser bob = new Browser(server.base());
        bob.signIn("bob", TestServer.PASSWORD);
        JsonArray log = Browser.json(bob.get("/api/v1/households/H2/access-log")).getJsonArray("events");
        assertThat(log.getJsonObject(0).getString("action")).isEqualTo("access.refused");
        assertThat(log.getJsonObject(0).getString("actor")).isEqualTo("alice");
        assertThat(log.getJsonObject(0).getString("resource")).isEqualTo("GET /api/v1/households/H2/sources");
    }

    @Test
    void deletionNeedsTheHouseholdIdAndThePasswordThenErasesEverythingButATombstone() throws Exception {
        assertThat(alice.send("DELETE", "/api/v1/households/H1", new JsonObject().put("confirm", "H2").put("password", TestServer.PASSWORD))
                .statusCode()).isEqualTo(400);
        assertThat(alice.send("DELETE", "/api/v1/households/H1", new JsonObject().put("confirm", "H1").put("password", "wrong password"))
                .statusCode()).isEqualTo(403);
        assertThat(server.count("SELECT count(*) FROM reading r JOIN meter m ON m.id = r.meter_id WHERE m.household_id = 'H1'")).isEqualTo(2);
        // Counted by the meters' ids taken now: after the erasure a join through meter would count 0 whatever is left.
        java.util.List<Integer> h1Meters = server.meterIds("H1");
        assertThat(server.rowsOfMeters("rollup", h1Meters)).isPositive();

        HttpResponse<String> done = alice.send("DELETE", "/api/v1/households/H1", new JsonObject().put("confirm", "H1").put("password", TestServer.PASSWORD));
        assertThat(done.statusCode()).isEqualTo(204);
        assertThat(String.join("\n", done.headers().allValues("set-cookie"))).contains("eco_session=;").contains("Max-Age=0");
        assertThat(server.count("SELECT count(*) FROM household WHERE id = 'H1'")).isZero();
        assertThat(server.count("SELECT count(*) FROM meter WHERE household_id = 'H1'")).isZero();
        assertThat(server.count("SELECT count(*) FROM reading")).as("only H2's reading is left").isEqualTo(1);
        assertThat(server.rowsOfMeters("rollup", h1Meters)).isZero();
        assertThat(server.rowsOfMeters("reading", h1Meters)).isZero();
        assertThat(server.count("SELECT count(*) FROM rollup")).as("H2's rollups stay").isEqualTo(15);
        assertThat(server.count("SELECT count(*) FROM consent")).isZero();
        assertThat(server.count("SELECT count(*) FROM app_user WHERE household_id = 'H1'")).isZero();
        assertThat(server.count("SELECT count(*) FROM user_session s JOIN app_user u ON u.id = s.user_id WHERE u.login = 'alice'")).isZero();
        assertThat(server.count("SELECT count(*) FROM audit_event WHERE household_id = 'H1' AND action = 'household.erased' AND detail = '2 readings erased'"))
                .isEqualTo(1);
        assertThat(alice.get("/api/v1/me").statusCode()).isEqualTo(401);
        assertThat(new Browser(server.base()).signIn("alice", TestServer.PASSWORD).statusCode()).isEqualTo(401);
    }

    static Map<String, String> unzip(byte[] zip) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                out.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
