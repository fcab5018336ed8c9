package org.ecofoyer.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What the chart reads do when the read replica is not usable (the replica itself is tested with a real streaming
 * replica in the dashboard's {@code ReadReplicaTest}): never an error, never a primary mistaken for a replica.
 */
class ReplicaReadsTest {

    static boolean inRecovery(Connection c) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_is_in_recovery()")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    static Database withReadUrl(String readUrl) {
        String url = TestDatabases.newEmptyDatabaseUrl();
        return Database.open(new StorageConfig(url, "postgres", null, 2, null, Duration.ofSeconds(2), null, null, null,
                readUrl, Duration.ZERO), null);
    }

    @Test
    void anUnreachableReplicaSendsTheReadsToThePrimary() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (Database db = withReadUrl("jdbc:postgresql://127.0.0.1:" + closedPort + "/none")) {
            ReplicaReads reads = (ReplicaReads) db.readDataSource();
            try (Connection c = reads.getConnection()) {
                assertThat(inRecovery(c)).isFalse();
                assertThat(c.isReadOnly()).isFalse();
            }
            // Not tried again at once (each try waits for the connect timeout): the next reads go straight to the primary.
            try (Connection c = reads.getConnection()) {
                assertThat(inRecovery(c)).isFalse();
            }
            assertThat(reads.servedByPrimary()).isEqualTo(2);
            assertThat(reads.replicaTries()).isEqualTo(1);
            assertThat(reads.servedByReplica()).isZero();
        }
    }

    @Test
    void aReadUrlThatIsNoReplicaIsNeverTakenForOne() throws Exception {
        // A primary has no replay position: however recent, it is not a replica of this one, and reading it could show
        // another database's state.
        try (Database db = withReadUrl(TestDatabases.newEmptyDatabaseUrl())) {
            ReplicaReads reads = (ReplicaReads) db.readDataSource();
            try (Connection c = reads.getConnection()) {
                assertThat(c.isReadOnly()).as("the primary pool's connection, not the read pool's").isFalse();
            }
            assertThat(reads.servedByPrimary()).isEqualTo(1);
            assertThat(reads.servedByReplica()).isZero();
        }
    }

    @Test
    void withoutAReplicaTheChartReadsAreThePool() {
        try (Database db = Database.open(new StorageConfig(TestDatabases.newEmptyDatabaseUrl(), "postgres", null, 2, null, null), null)) {
            assertThat(db.readDataSource()).isSameAs(db.dataSource());
        }
    }

    @Test
    void aReadUrlNeedsAnExternalPrimaryAndALagOfZeroOrMore() {
        assertThatThrownBy(() -> new StorageConfig(null, null, null, null, null, null, null, null, null,
                "jdbc:postgresql://replica/db", null)).hasMessageContaining("readUrl");
        assertThatThrownBy(() -> new StorageConfig("jdbc:postgresql://p/db", null, null, null, null, null, null, null, null,
                "http://replica", null)).hasMessageContaining("readUrl");
        assertThatThrownBy(() -> new StorageConfig("jdbc:postgresql://p/db", null, null, null, null, null, null, null, null,
                "jdbc:postgresql://replica/db", Duration.ofSeconds(-1))).hasMessageContaining("readMaxLag");
        assertThat(new StorageConfig("jdbc:postgresql://p/db", null, null, null, null, null).readMaxLag()).isEqualTo(Duration.ofSeconds(1));
    }
}
