package org.ecofoyer.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A household's export outlives the pool's statement timeout (made for ingest: 20 s by default, so that a silent
 * database is noticed), and leaves the connection's limits as it found them for the pool's next user.
 */
class ExportTimeLimitTest {
    TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void anExportIsNotCutByThePoolsStatementTimeoutAndPutsTheLimitsBack() throws Exception {
        try (Connection c = server.db.dataSource().getConnection()) {
            // A limit no statement of the export can meet: a pg_sleep under it is cut, as any long COPY would be.
            exec(c, "SET statement_timeout = 1");
            assertThatThrownBy(() -> exec(c, "SELECT pg_sleep(0.05)")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("statement timeout");
            int networkTimeout = c.getNetworkTimeout();

            Path file = new HouseholdExport(List.of()).write(c, "H1");
            try {
                assertThat(HouseholdApiTest.unzip(Files.readAllBytes(file)).get("rollups.csv")).contains("H1-");
            } finally {
                Files.deleteIfExists(file);
            }

            assertThat(c.getAutoCommit()).isTrue();
            assertThat(c.getNetworkTimeout()).isEqualTo(networkTimeout);
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW statement_timeout")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("1ms");
            }
            exec(c, "RESET statement_timeout");
        }
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
