package org.ecofoyer.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LiveApiTest {
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void streamsRecentPowerThenEveryLiveMessageOfTheHouseholdsOwnMeterOnly() throws Exception {
        Instant twoMinutesAgo = Instant.now().minusSeconds(120);
        try (Connection c = server.db.dataSource().getConnection()) {
            TestServer.sql(c, "INSERT INTO reading (meter_id, channel, instant, value) SELECT id, 'power.apparent.mean_1m', ?, 640 FROM meter WHERE code = 'H1-elec'",
                    java.sql.Timestamp.from(twoMinutesAgo));
            TestServer.sql(c, "INSERT INTO reading (meter_id, channel, instant, value) SELECT id, 'power.apparent.mean_1m', now() - interval '2 hours', 999 FROM meter WHERE code = 'H1-elec'");
        }
        Browser alice = new Browser(server.base());
        alice.signIn("alice", TestServer.PASSWORD);
        List<String> lines = new CopyOnWriteArrayList<>();
        Stream<String> stream = alice.lines("/api/v1/households/H1/live");
        Thread reader = new Thread(() -> {
            Iterator<String> it = stream.iterator();
            while (it.hasNext()) {
                lines.add(it.next());
            }
        });
        reader.setDaemon(true);
        reader.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> lines.stream().anyMatch(l -> l.startsWith("data: {\"points\"")));
            String history = lines.stream().filter(l -> l.startsWith("data: {\"points\"")).findFirst().orElseThrow();
            assertThat(new JsonObject(history.substring(6)).getJsonArray("points")).hasSize(1);
            // (the power values, not the text: an instant's microseconds may well read 999)
            assertThat(new JsonObject(history.substring(6)).getJsonArray("points").getJsonObject(0).getLong("power")).isEqualTo(640);
            // Publish as ingest's LiveBus does, until the stream (subscribed asynchronously) shows it.
            JsonObject frame = new JsonObject().put("meter", "H1-elec").put("instant", "2026-11-15T12:00:01Z")
                    .put("values", new JsonObject().put("power.apparent", 1830).put("index.HP", 1234567));
            JsonObject foreign = new JsonObject().put("meter", "H2-elec").put("instant", "2026-11-15T12:00:01Z")
                    .put("values", new JsonObject().put("power.apparent", 4321));
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
                server.vertx.eventBus().publish("ecofoyer.live.H2-elec", foreign);
                server.vertx.eventBus().publish("ecofoyer.live.H1-elec", frame);
                return lines.stream().anyMatch(l -> l.contains("\"power\":1830"));
            });
            assertThat(lines).contains("retry: 3000", "event: meters", "data: {\"meters\":[\"H1-elec\"]}", "event: reading");
            assertThat(String.join("\n", lines)).doesNotContain("4321");
        } finally {
            stream.close();
        }
    }
}
