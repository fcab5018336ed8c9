package org.ecofoyer.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Pooled connections carry the limits against a silent database; {@link Database#longOperations()} hands out the same
 * pool's connections without them, and puts them back when a connection returns to the pool.
 */
class LongOperationsTest {

    private static String statementTimeout(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW statement_timeout")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void pooledConnectionsHaveTheLimitsAndLongOperationsHaveTheirOwnUntilTheyReturnThem() throws Exception {
        // One connection in the pool: the long operation's connection is the very one the ordinary caller gets next.
        StorageConfig config = new StorageConfig(TestDatabases.newEmptyDatabaseUrl(), "postgres", null, 1, null, null,
                Duration.ofSeconds(12), Duration.ofSeconds(9), Duration.ofMinutes(90));
        try (Database db = Database.open(config, null)) {
            try (Connection c = db.dataSource().getConnection()) {
                assertThat(statementTimeout(c)).isEqualTo("9s");
                assertThat(c.getNetworkTimeout()).isEqualTo(12_000);
            }
            try (Connection c = db.longOperations().getConnection()) {
                assertThat(statementTimeout(c)).isEqualTo("0");
                assertThat(c.getNetworkTimeout()).isEqualTo(90 * 60_000);
                c.setAutoCommit(false);
                try (Statement st = c.createStatement()) {
                    st.execute("SELECT pg_sleep(0.01)");
                }
                // left in a transaction: closing must still put the limits back
            }
            try (Connection c = db.dataSource().getConnection()) {
                assertThat(statementTimeout(c)).isEqualTo("9s");
                assertThat(c.getNetworkTimeout()).isEqualTo(12_000);
                assertThat(c.getAutoCommit()).isTrue();
            }
        }
    }

    @Test
    void theStatementTimeoutReallyCutsAStatementOnThePoolButNotInALongOperation() throws Exception {
        StorageConfig config = new StorageConfig(TestDatabases.newEmptyDatabaseUrl(), "postgres", null, 1, null, null,
                Duration.ofSeconds(5), Duration.ofMillis(300), null);
        try (Database db = Database.open(config, null)) {
            try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
                assertThatThrownBy(() -> st.execute("SELECT pg_sleep(1)"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("statement timeout");
            }
            try (Connection c = db.longOperations().getConnection(); Statement st = c.createStatement()) {
                st.execute("SELECT pg_sleep(1)");
            }
        }
    }

    @Test
    void theStatementTimeoutMustStayBelowTheSocketTimeout() {
        assertThatThrownBy(() -> new StorageConfig(null, null, null, null, null, null, Duration.ofSeconds(10),
                Duration.ofSeconds(10), null)).hasMessageStartingWith("statementTimeout:");
        assertThat(StorageConfig.DEFAULTS.socketTimeout()).isEqualTo(Duration.ofSeconds(25));
        assertThat(StorageConfig.DEFAULTS.statementTimeout()).isEqualTo(Duration.ofSeconds(20));
    }
}
