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
 */
public record StorageConfig(String url, String user, String password, Integer poolSize, Integer retentionDays,
                            Duration connectTimeout) {

    public static final StorageConfig DEFAULTS = new StorageConfig(null, null, null, null, null, null);

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
    }

    public boolean embedded() {
        return url == null;
    }

    @Override
    public String toString() {
        return "StorageConfig[url=" + url + ", user=" + user + ", password=" + (password == null ? "none" : "***")
                + ", poolSize=" + poolSize + ", retentionDays=" + retentionDays + "]";
    }
}
