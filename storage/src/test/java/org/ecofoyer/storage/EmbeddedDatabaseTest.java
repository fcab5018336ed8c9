package org.ecofoyer.storage;

import java.time.Duration;
import java.time.Instant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedDatabaseTest {

    @TempDir
    Path dataDir;

    @Test
    void startsMigratesWritesReadsAndKeepsDataAcrossRestarts() throws SQLException {
        try (Database db = Database.open(StorageConfig.DEFAULTS, dataDir)) {
            assertThat(db.isEmbedded()).isTrue();
            assertThat(db.isReachable()).isTrue();
            Migrations.Result r = db.migrate();
            assertThat(r.applied()).isGreaterThanOrEqualTo(2);
            assertThat(r.timescale().present()).isFalse();
            assertThat(db.jdbcUrl()).contains("localhost:").endsWith("/ecofoyer?user=postgres");
            try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
                st.execute("INSERT INTO household (id, name) VALUES ('h1', 'Les Dupont')");
            }
        }
        assertThat(dataDir.resolve("pg/PG_VERSION")).exists();

        try (Database again = Database.open(StorageConfig.DEFAULTS, dataDir)) {
            assertThat(again.migrate().applied()).as("nothing left to apply").isZero();
            try (Connection c = again.dataSource().getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT name, timezone FROM household WHERE id = 'h1'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("Les Dupont");
                assertThat(rs.getString(2)).isEqualTo("Europe/Paris");
            }
        }
    }

    @Test
    void theEmbeddedDatabaseIsDurableNotTunedLikeATestDatabase() throws SQLException {
        try (Database db = Database.open(StorageConfig.DEFAULTS, dataDir);
             Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            for (String setting : new String[] {"fsync", "synchronous_commit", "full_page_writes"}) {
                try (ResultSet rs = st.executeQuery("SHOW " + setting)) {
                    rs.next();
                    assertThat(rs.getString(1)).as(setting).isEqualTo("on");
                }
            }
        }
    }

    @Test
    void secondInstanceOnTheSameDataDirIsRefusedWithAClearMessage() {
        try (Database first = Database.open(StorageConfig.DEFAULTS, dataDir)) {
            assertThat(first.isReachable()).isTrue();
            assertThatThrownBy(() -> Database.open(StorageConfig.DEFAULTS, dataDir))
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("already in use by another Ecofoyer process")
                    .hasMessageContaining("--data-dir");
            assertThat(first.isReachable()).as("the first instance is unharmed").isTrue();
        }
    }

    @Test
    void timeSeriesTablesStayPlainTablesWithoutTimescaleAndRetentionDeletesInBatches() throws SQLException {
        try (Database db = TestDatabases.newMigratedDatabase("classpath:db/sample")) {
            try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
                assertThat(TimeSeriesTables.isHypertable(c, "sample_series")).isFalse();
                st.execute("INSERT INTO sample_series SELECT 1, now() - make_interval(days => d, hours => 12), d"
                        + " FROM generate_series(0, 29) d");
                long removed = TimeSeriesTables.applyRetention(c, "sample_series", Instant.now().minus(Duration.ofDays(10)), 7);
                assertThat(removed).isEqualTo(20); // rows 10.5 to 29.5 days old
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM sample_series")) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(10);
                }
            }
        }
    }

    @Test
    void externalDatabaseThatIsUnreachableGivesAnActionableMessage() {
        StorageConfig cfg = new StorageConfig("jdbc:postgresql://127.0.0.1:1/none", "x", "secret", 1, null,
                java.time.Duration.ofSeconds(1));
        assertThatThrownBy(() -> Database.open(cfg, null))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:1/none")
                .hasMessageContaining("storage.url")
                .hasMessageNotContaining("secret");
    }
}
