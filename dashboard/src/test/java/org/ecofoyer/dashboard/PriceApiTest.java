package org.ecofoyer.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import org.ecofoyer.aggregation.AggregationConfig;
import org.ecofoyer.aggregation.store.Recompute;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The operator's price API: read by anyone signed in, changed by operators only, and a change reprices rollups. */
class PriceApiTest {
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static JsonObject hp(String amount) {
        return new JsonObject().put("prices", new JsonArray().add(new JsonObject().put("fluid", "electricity")
                .put("option", "hphc").put("component", "energy").put("period", "hp").put("validFrom", "2011-02-01")
                .put("validTo", "2011-08-01").put("amount", amount).put("source", "operator 2011-02-01 (test)")));
    }

    static Instant paris(String local) {
        return LocalDateTime.parse(local).atZone(Fixtures.PARIS).toInstant();
    }

    @Test
    void anOperatorsCorrectionIsStoredAndRepricesTheAffectedRollups() throws Exception {
        // H2's HP/HC meter used 1 kWh of HP on 2011-03-10, before the seed's HP/HC history (2012-07-23): its cost is unknown.
        try (Connection c = server.db.dataSource().getConnection()) {
            for (Object[] r : new Object[][] {{"2011-03-10T12:00", 0L}, {"2011-03-10T12:30", 1000L}}) {
                TestServer.sql(c, "INSERT INTO reading (meter_id, channel, instant, value) SELECT id, 'index.HP', ?, ? FROM meter WHERE code = 'H2-elec'",
                        Timestamp.from(paris((String) r[0])), r[1]);
            }
            TestServer.sql(c, "INSERT INTO reading_dirty (meter_id, since) SELECT id, ? FROM meter WHERE code = 'H2-elec'",
                    Timestamp.from(paris("2011-03-10T12:00")));
        }
        Recompute recompute = new Recompute(server.db.dataSource(), AggregationConfig.DEFAULTS);
        recompute.drain();
        assertThat(dayCost()).isNull();

        Browser olga = new Browser(server.base());
        olga.signIn("olga", TestServer.PASSWORD);
        HttpResponse<String> r = olga.send("PUT", "/api/v1/prices", hp("0.2146"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(Browser.json(r).getInteger("written")).isEqualTo(1);
        // The change marked every electricity meter dirty from the price's start; the recompute reprices the day.
        assertThat(server.count("SELECT count(*) FROM reading_dirty d JOIN meter m ON m.id = d.meter_id"
                + " WHERE m.fluid = 'ELECTRICITY' AND d.since = ?", Timestamp.from(paris("2011-02-01T00:00")))).isEqualTo(2);
        recompute.drain();
        assertThat(dayCost()).isEqualByComparingTo("0.2146"); // 1 kWh × 0.2146 €/kWh

        // Anyone signed in reads it back, dated as published.
        Browser bob = new Browser(server.base());
        bob.signIn("bob", TestServer.PASSWORD);
        JsonArray prices = Browser.json(bob.get("/api/v1/prices?fluid=electricity")).getJsonArray("prices");
        JsonObject mine = prices.stream().map(JsonObject.class::cast)
                .filter(p -> p.getString("option").equals("HPHC") && p.getString("validFrom").equals("2011-02-01"))
                .findFirst().orElseThrow();
        assertThat(mine.getString("period")).isEqualTo("HP");
        assertThat(mine.getString("validTo")).isEqualTo("2011-08-01");
        assertThat(new BigDecimal(mine.getValue("amount").toString())).isEqualByComparingTo("0.2146");
        assertThat(mine.getString("source")).isEqualTo("operator 2011-02-01 (test)");
        assertThat(server.count("SELECT count(*) FROM audit_event WHERE action = 'prices.changed' AND actor_login = 'olga'")).isEqualTo(1);
    }

    @Test
    void aHouseholdCannotChangePricesAndNothingIsWritten() throws Exception {
        Browser alice = new Browser(server.base());
        alice.signIn("alice", TestServer.PASSWORD);
        long before = server.count("SELECT count(*) FROM price");
        HttpResponse<String> r = alice.send("POST", "/api/v1/prices", hp("0.0001"));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(server.count("SELECT count(*) FROM price")).isEqualTo(before);
        assertThat(server.count("SELECT count(*) FROM price WHERE amount = 0.0001")).isZero();
    }

    @Test
    void withoutTheCsrfTokenEvenAnOperatorIsRefused() {
        Browser olga = new Browser(server.base());
        olga.signIn("olga", TestServer.PASSWORD);
        HttpResponse<String> r = olga.send("POST", "/api/v1/prices", hp("0.3"), "not-the-token");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/problem+json");
    }

    @Test
    void aBadPriceIsAProblemThatNamesTheField() {
        Browser olga = new Browser(server.base());
        olga.signIn("olga", TestServer.PASSWORD);
        JsonObject body = hp("-1");
        HttpResponse<String> r = olga.send("POST", "/api/v1/prices", body);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(Browser.json(r).getString("detail")).contains("prices[0]").contains("amount");
        body.getJsonArray("prices").getJsonObject(0).put("amount", "0.2").put("fluid", "steam");
        assertThat(Browser.json(olga.send("POST", "/api/v1/prices", body)).getString("detail")).contains("fluid");
        assertThat(olga.send("POST", "/api/v1/prices", new JsonObject().put("prices", new JsonArray())).statusCode()).isEqualTo(400);
    }

    static BigDecimal dayCost() throws Exception {
        try (Connection c = server.db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT r.cost_eur FROM rollup r JOIN meter m ON m.id = r.meter_id WHERE m.code = 'H2-elec'"
                        + " AND r.granularity = 1 AND r.period = 'total' AND r.start_at = ?")) {
            ps.setTimestamp(1, Timestamp.from(paris("2011-03-10T00:00")));
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getBigDecimal(1);
            }
        }
    }
}
