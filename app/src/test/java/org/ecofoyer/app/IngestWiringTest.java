package org.ecofoyer.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ecofoyer.app.config.EcofoyerConfig;
import org.ecofoyer.dashboard.HttpConfig;
import org.ecofoyer.drivers.Reading;
import org.ecofoyer.storage.StorageConfig;
import org.ecofoyer.storage.TestDatabases;
import org.junit.jupiter.api.Test;

/** The server wires the ingest pipeline: its writer, its metrics on /metrics and its parts of /health. */
class IngestWiringTest {
    @Test
    void theServerExposesIngestMetricsAndHealthAndItsWriterStoresReadings() throws Exception {
        EcofoyerConfig cfg = new EcofoyerConfig(Files.createTempDirectory("eco").toString(),
                new StorageConfig(TestDatabases.newEmptyDatabaseUrl(), "postgres", null, 8, null, null),
                new HttpConfig("127.0.0.1", 0), null, null, null, null);
        try (EcofoyerServer server = EcofoyerServer.start(cfg)) {
            try (var c = server.database().dataSource().getConnection(); var st = c.createStatement()) {
                st.execute("INSERT INTO household (id) VALUES ('h1')");
                st.execute("INSERT INTO meter (code, household_id, fluid, kind) VALUES ('W1', 'h1', 'WATER', 'TELEO')");
            }
            server.ingest().writer().submit(List.of(new Reading("W1", Instant.parse("2026-01-01T00:00:00Z"),
                    "water.volume.daily", 321))).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
            // A reading two years ahead of the clock goes to quarantine: counted by reason, and held (the gauge).
            server.ingest().writer().submit(List.of(new Reading("W1", Instant.now().plus(java.time.Duration.ofDays(730)),
                    "water.volume.daily", 5))).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);

            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.port();
            // the held count is taken off the scrape's thread: a later scrape shows it
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> http.send(
                    HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body()
                    .contains("ingest_quarantine_held 1.0"));
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("ingest_readings_stored_total 1.0", "ingest_queue_readings",
                    "ingest_readings_quarantined_total{reason=\"future_instant\"} 1.0", "ingest_quarantine_held 1.0");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(new io.vertx.core.json.JsonObject(health.body()).getJsonObject("ingest").getBoolean("up")).isTrue();
        }
    }
}
