package org.ecofoyer.storage;

import java.time.Duration;

/**
 * Where the data lives. With no {@code url} the application starts its own embedded PostgreSQL under the data
 * directory; with a {@code url} it connects to an external PostgreSQL (15 or newer) through a connection pool.
 *
 * @param url           JDBC URL of an external PostgreSQL, or {@code null} for the embedded server
 * @param user          user for the external server
 * @param password      password for the external server (from the environment or a protected file, never logged)
 * @param poolSize      largest number of pooled connections
 * @param retentionDays how long raw readings are kept; rollups are kept forever
 * @param connectTimeout how long to wait for a pooled connection (and for TCP connect and login to the server)
 * @param socketTimeout  longest wait for any one read from the server on a pooled connection (pgjdbc's
 *                       {@code socketTimeout}): how soon a silent database (a partition, no RST) is noticed
 * @param statementTimeout the server-side {@code statement_timeout} of pooled connections; below the socket timeout, so
 *                       that a merely slow statement is cancelled by the server (the connection stays usable) before the
 *                       client gives the connection up as dead
 * @param longOperationTimeout the read timeout of connections for long work ({@link Database#longOperations()}:
 *                       migrations, backup and restore, the recompute), which have no statement timeout; zero: none
 * @param readUrl        JDBC URL of a streaming replica of {@code url} for the dashboard's chart reads, or {@code null}
 *                       (every read on {@code url}); same user and password (replication copies the roles)
 * @param readMaxLag     a chart read goes to the replica only if it has replayed everything the primary had written this
 *                       long ago (else to the primary): the most it may lag behind; zero: only a replica fully caught up
 *                       with the primary at the read, which costs one primary round trip per read (see {@link ReplicaReads})
 */
public record StorageConfig(String url, String user, String password, Integer poolSize, Integer retentionDays,
                            Duration connectTimeout, Duration socketTimeout, Duration statementTimeout,
                            Duration longOperationTimeout, String readUrl, Duration readMaxLag) {

    public static final StorageConfig DEFAULTS = new StorageConfig(null, null, null, null, null, null);

    /** No read replica. */
    public StorageConfig(String url, String user, String password, Integer poolSize, Integer retentionDays,
                         Duration connectTimeout, Duration socketTimeout, Duration statementTimeout,
                         Duration longOperationTimeout) {
        this(url, user, password, poolSize, retentionDays, connectTimeout, socketTimeout, statementTimeout,
                longOperationTimeout, null, null);
    }

    /** The timeouts at their defaults. */
    public StorageConfig(String url, String user, String password, Integer poolSize, Integer retentionDays,
                         Duration connectTimeout) {
        this(url, user, password, poolSize, retentionDays, connectTimeout, null, null, null);
    }

    public StorageConfig {
        if (url != null && url.isBlank()) {
            url = null;
        }
        if (url != null && !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("url: expected a JDBC URL starting with jdbc:postgresql:, got '" + url + "'");
        }
        poolSize = poolSize == null ? 8 : poolSize;
        if (poolSize < 1 || poolSize > 200) {
            throw new IllegalArgumentException("poolSize: expected a whole number between 1 and 200, got " + poolSize);
        }
        retentionDays = retentionDays == null ? 400 : retentionDays;
        if (retentionDays < 1) {
            throw new IllegalArgumentException("retentionDays: expected a number of days of at least 1, got " + retentionDays);
        }
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
        if (connectTimeout.toSeconds() < 1) {
            throw new IllegalArgumentException("connectTimeout: expected at least 1s, got " + connectTimeout);
        }
        // 25 s, not 30: a write already waiting when the network goes silent is noticed within 30 s of it.
        socketTimeout = socketTimeout == null ? Duration.ofSeconds(25) : socketTimeout;
        if (socketTimeout.toSeconds() < 1) {
            throw new IllegalArgumentException("socketTimeout: expected at least 1s (pgjdbc counts whole seconds), got " + socketTimeout);
        }
        statementTimeout = statementTimeout == null ? socketTimeout.minusSeconds(5).compareTo(Duration.ofSeconds(1)) < 0
                ? Duration.ofSeconds(1) : socketTimeout.minusSeconds(5) : statementTimeout;
        if (statementTimeout.isNegative() || statementTimeout.isZero() || statementTimeout.compareTo(socketTimeout) >= 0) {
            throw new IllegalArgumentException("statementTimeout: expected a positive duration below socket-timeout ("
                    + socketTimeout + "), got " + statementTimeout);
        }
        longOperationTimeout = longOperationTimeout == null ? Duration.ofHours(1) : longOperationTimeout;
        if (longOperationTimeout.isNegative()) {
            throw new IllegalArgumentException("longOperationTimeout: expected a duration (0 for none), got " + longOperationTimeout);
        }
        if (readUrl != null && readUrl.isBlank()) {
            readUrl = null;
        }
        if (readUrl != null && !readUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("readUrl: expected a JDBC URL starting with jdbc:postgresql:, got '" + readUrl + "'");
        }
        if (readUrl != null && url == null) {
            throw new IllegalArgumentException("readUrl: a read replica needs an external primary (url); the embedded"
                    + " database has no replica");
        }
        readMaxLag = readMaxLag == null ? Duration.ofSeconds(1) : readMaxLag;
        if (readMaxLag.isNegative()) {
            throw new IllegalArgumentException("readMaxLag: expected a duration (0: a replica fully caught up), got " + readMaxLag);
        }
    }

    public boolean embedded() {
        return url == null;
    }

    @Override
    public String toString() {
        return "StorageConfig[url=" + url + ", user=" + user + ", password=" + (password == null ? "none" : "***")
                + ", poolSize=" + poolSize + ", retentionDays=" + retentionDays + ", connectTimeout=" + connectTimeout
                + ", socketTimeout=" + socketTimeout + ", statementTimeout=" + statementTimeout
                + ", longOperationTimeout=" + longOperationTimeout + ", readUrl=" + (readUrl == null ? "none" : Redact.url(readUrl))
                + ", readMaxLag=" + readMaxLag + "]";
    }
}
