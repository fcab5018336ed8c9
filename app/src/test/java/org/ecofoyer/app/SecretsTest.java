package org.ecofoyer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import org.ecofoyer.app.config.EcofoyerConfig;
import org.ecofoyer.dashboard.HttpConfig;
import org.ecofoyer.ingest.IngestConfig;
import org.ecofoyer.ingest.source.MqttConfig;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.StorageConfig;
import org.ecofoyer.storage.TestDatabases;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Security finding 7: a password inside {@code ingest.mqtt.url} was logged at INFO and shown by the anonymous
 * {@code /health}; one inside {@code storage.url} was printed in errors. The broker address here is unreachable on
 * purpose (a closed port), so that the connect, the failure and the retry are all logged.
 */
class SecretsTest {
    static final String SECRET = "hunter2-do-not-print";

    @Test
    void credentialsInsideUrlsNeverReachTheLogsNorHealth() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        int closed;
        try (var s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        MqttConfig mqtt = new MqttConfig("tcp://ingest:" + SECRET + "@127.0.0.1:" + closed, null, null, "secrets-test", null,
                null, null, null, null, null, Duration.ofMillis(100), Duration.ofMillis(200));
        EcofoyerConfig cfg = new EcofoyerConfig(Files.createTempDirectory("eco").toString(),
                new StorageConfig(TestDatabases.newEmptyDatabaseUrl(), "postgres", null, 8, null, null),
                new HttpConfig("127.0.0.1", 0), null, null, null, IngestConfig.DEFAULTS.withMqtt(mqtt));
        try (EcofoyerServer server = EcofoyerServer.start(cfg)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> logs.list.stream()
                    .anyMatch(e -> e.getFormattedMessage().contains("MQTT: cannot connect to")));
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            JsonObject body = new JsonObject(health.body());
            assertThat(health.body()).doesNotContain(SECRET).doesNotContain("127.0.0.1:" + closed).doesNotContain("secrets-test");
            assertThat(body.getString("status")).isIn("up", "down");
            assertThat(body.getJsonObject("mqtt").fieldNames()).containsExactly("up");
        } finally {
            root.detachAppender(logs);
        }
        assertThat(logs.list).isNotEmpty();
        assertThat(logs.list).noneMatch(e -> e.getFormattedMessage().contains(SECRET));
        assertThat(logs.list).anyMatch(e -> e.getFormattedMessage().contains("tcp://ingest:***@127.0.0.1:" + closed));

        // A password in storage.url is not printed when the database cannot be reached.
        assertThatThrownBy(() -> Database.open(new StorageConfig("jdbc:postgresql://eco:" + SECRET + "@127.0.0.1:" + closed
                + "/eco?password=" + SECRET, "postgres", null, 2, null, null), null))
                .satisfies(e -> assertThat(e.toString()).doesNotContain(SECRET).contains("***"));
    }
}
