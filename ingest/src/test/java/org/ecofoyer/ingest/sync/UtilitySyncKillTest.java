package org.ecofoyer.ingest.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ecofoyer.ingest.sync.SyncFixture.PARIS;
import static org.ecofoyer.ingest.sync.SyncFixture.await;

import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.ecofoyer.core.MeterKind;
import org.ecofoyer.ingest.writer.ReadingWriter;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.TestDatabases;
import org.ecofoyer.tools.fake.FakeUtilityServer;
import org.junit.jupiter.api.Test;

/**
 * A sync process killed with SIGKILL in the middle of a backfill, then run again: the days before the cursor are all
 * there, none after it, and the resumed sync ends with every day exactly once, as a clean sync would have stored.
 */
class UtilitySyncKillTest {
    private static final String PCE = "23000000000099";

    @Test
    void killedMidSyncThenResumedLeavesNoGapAndNoDuplicate() throws Exception {
        String url = TestDatabases.newEmptyDatabaseUrl();
        Vertx vertx = Vertx.vertx();
        try (Database db = SyncFixture.external(url)) {
            db.migrate();
            SyncFixture.addMeter(db.dataSource(), "gas", "GAS", "GAZPAR", PCE);
            FakeUtilityServer fake = await(new FakeUtilityServer(vertx, SyncFixture.CLOCK, PARIS).start("127.0.0.1", 0));
            fake.latency(250);
            LocalDate today = SyncFixture.today();
            LocalDate from = today.minusDays(120);
            Path log = Files.createTempFile("sync-child", ".log");
            Process child = new ProcessBuilder(javaBin(), "-cp", System.getProperty("java.class.path"),
                    SyncChild.class.getName(), url, fake.baseUrl(), "gas", from.toString(), "5")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                // wait until some windows are committed, then kill without warning
                Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
                    LocalDate c = SyncFixture.cursor(db.dataSource(), "gas");
                    return c != null && c.isAfter(from.plusDays(10));
                });
                child.destroyForcibly();
                assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
            } finally {
                child.destroyForcibly();
            }
            String out = Files.readString(log);
            assertThat(out).as(out).doesNotContain("done ");

            LocalDate cursor = SyncFixture.cursor(db.dataSource(), "gas");
            assertThat(cursor).isAfter(from.plusDays(10)).isBefore(today);
            // exactly the days before the cursor: the window in flight was either committed with its cursor or not at all
            List<LocalDate> expected = Stream.iterate(from, d -> d.isBefore(cursor), d -> d.plusDays(1)).toList();
            for (String channel : List.of("gas.volume.daily", "gas.energy.daily", "gas.conversion.daily")) {
                assertThat(SyncFixture.days(db.dataSource(), "gas", channel)).as(channel).isEqualTo(expected);
            }

            fake.latency(0);
            WebClient web = WebClient.create(vertx);
            ReadingWriter writer = SyncFixture.writer(db.dataSource());
            try {
                UtilitySync sync = SyncFixture.sync(vertx, db.dataSource(), writer,
                        Map.of(MeterKind.GAZPAR, SyncFixture.grdf(vertx, web, fake, 5, 3 * 365)));
                SyncReport resumed = await(sync.sync("gas", null, SyncProgress.NONE));
                assertThat(resumed.ok()).isTrue();
                assertThat(resumed.from()).isEqualTo(cursor.isBefore(today.minusDays(10)) ? cursor : today.minusDays(10));
                List<LocalDate> all = Stream.iterate(from, d -> d.isBefore(today), d -> d.plusDays(1)).toList();
                for (String channel : List.of("gas.volume.daily", "gas.energy.daily", "gas.conversion.daily")) {
                    assertThat(SyncFixture.days(db.dataSource(), "gas", channel)).as(channel).isEqualTo(all);
                }
                // and the same rows as a clean, uninterrupted sync of the same period into another database
                try (Database clean = TestDatabases.newMigratedDatabase()) {
                    SyncFixture.addMeter(clean.dataSource(), "gas", "GAS", "GAZPAR", PCE);
                    ReadingWriter w2 = SyncFixture.writer(clean.dataSource());
                    try {
                        UtilitySync reference = SyncFixture.sync(vertx, clean.dataSource(), w2,
                                Map.of(MeterKind.GAZPAR, SyncFixture.grdf(vertx, web, fake, 60, 3 * 365)));
                        await(reference.sync("gas", from, SyncProgress.NONE));
                        assertThat(SyncFixture.rows(db.dataSource(), "gas")).isEqualTo(SyncFixture.rows(clean.dataSource(), "gas"));
                    } finally {
                        w2.close();
                    }
                }
            } finally {
                writer.close();
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static String javaBin() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }
}
