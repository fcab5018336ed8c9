package org.ecofoyer.storage.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.StorageConfig;
import org.ecofoyer.storage.TestServices;
import org.ecofoyer.storage.TimeSeriesTables;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backup and restore on a real TimescaleDB (scripts/test.sh starts one, address in ECO_TEST_TIMESCALE_URL): a
 * hypertable's rows live in its chunks, which COPY of the table's name alone would not give.
 */
class StoreBackupTimescaleTest {
    static final String URL = System.getenv("ECO_TEST_TIMESCALE_URL");

    @TempDir
    Path dir;

    @BeforeAll
    static void needsTimescale() {
        TestServices.require("ECO_TEST_TIMESCALE_URL");
    }

    static Database newTimescaleStore() throws SQLException {
        String db = "bk_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Database admin = Database.open(new StorageConfig(URL, "postgres", null, 1, null, null), null);
             Connection c = admin.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + db);
        }
        return Database.open(new StorageConfig(URL.replaceFirst("/[^/?]+(\\?|$)", "/" + db + "$1"), "postgres", null, 4, null, null), null);
    }

    @Test
    void hypertablesComeBackWithEveryRowIntoTimescaleDbAndIntoPlainPostgresql() throws Exception {
        Path out = dir.resolve("ts.zip");
        Map<String, List<String>> before;
        BackupManifest m;
        try (Database source = newTimescaleStore()) {
            assertThat(source.migrate(StoreBackupTest.SCHEMA).hypertables()).contains("sample_series");
            StoreBackupTest.populate(source);
            try (Connection c = source.dataSource().getConnection()) {
                assertThat(chunks(c)).isGreaterThanOrEqualTo(3);
            }
            before = TableContents.of(source.dataSource());
            m = new StoreBackup(source.dataSource(), StoreBackupTest.CLOCK, "t").write(out);
        }
        assertThat(m.timescaleVersion()).isNotNull();
        BackupManifest.Table series = m.table("sample_series").orElseThrow();
        assertThat(series.hypertable()).isTrue();
        assertThat(series.rows()).isEqualTo(72);
        assertThat(before.get("sample_series")).hasSize(72);

        try (Database target = newTimescaleStore()) {
            new StoreRestore(target, StoreBackupTest.SCHEMA).restore(out);
            assertThat(TableContents.of(target.dataSource())).isEqualTo(before);
            try (Connection c = target.dataSource().getConnection()) {
                assertThat(TimeSeriesTables.isHypertable(c, "sample_series")).isTrue();
                assertThat(chunks(c)).isGreaterThanOrEqualTo(3);
            }
        }
        // The text rows do not depend on the server: the same backup fills a plain PostgreSQL.
        try (Database plain = StoreBackupTest.emptyStore()) {
            new StoreRestore(plain, StoreBackupTest.SCHEMA).restore(out);
            assertThat(TableContents.of(plain.dataSource())).isEqualTo(before);
        }
    }

    private static long chunks(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); var rs = st.executeQuery("SELECT count(*) FROM show_chunks('sample_series')")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
