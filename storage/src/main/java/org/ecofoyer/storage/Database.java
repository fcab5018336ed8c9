package org.ecofoyer.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application's PostgreSQL: an embedded server under {@code <data-dir>/pg} when no URL is configured, an
 * external one otherwise. Either way a HikariCP pool of pgjdbc connections, and the same SQL dialect.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    static final String EMBEDDED_DATABASE = "ecofoyer";

    private final HikariDataSource pool;
    private final LongOperations longOperations;
    /** The replica's pool, or null; and the chart reads' connections (the replica's when recent enough, else the pool's). */
    private final HikariDataSource readPool;
    private final DataSource reads;
    private final EmbeddedPostgres embedded;
    private final DataDirLock lock;
    private final String jdbcUrl;
    private final String where;
    private volatile Timescale timescale = Timescale.ABSENT;
    private final ShutdownSequence.Registration stopOnExit;
    private boolean closed;

    private Database(HikariDataSource pool, EmbeddedPostgres embedded, DataDirLock lock, String jdbcUrl, String where,
                     StorageConfig config) {
        this(pool, null, java.time.Clock.systemUTC(), embedded, lock, jdbcUrl, where, config);
    }

    private Database(HikariDataSource pool, HikariDataSource readPool, java.time.Clock clock, EmbeddedPostgres embedded,
                     DataDirLock lock, String jdbcUrl, String where, StorageConfig config) {
        this.pool = pool;
        this.readPool = readPool;
        this.reads = readPool == null ? pool : new ReplicaReads(pool, readPool, config.readMaxLag(), clock);
        this.longOperations = new LongOperations(pool, config.longOperationTimeout());
        this.embedded = embedded;
        this.lock = lock;
        this.jdbcUrl = jdbcUrl;
        this.where = where;
        // An embedded server outlives the JVM unless stopped: every command stops it at exit, after whatever was
        // registered later (the product's services, which write to it).
        this.stopOnExit = embedded == null ? null : ShutdownSequence.add("embedded PostgreSQL", this::close);
    }

    /** Opens (and for the embedded default, starts) the database. Blocking: call it off the event loop. */
    public static Database open(StorageConfig config, Path dataDir) {
        return open(config, dataDir, java.time.Clock.systemUTC());
    }

    /** With the clock that dates the read replica's fence ({@link ReplicaReads}; tests move it). */
    public static Database open(StorageConfig config, Path dataDir, java.time.Clock clock) {
        return config.embedded() ? startEmbedded(config, dataDir) : connectExternal(config, clock);
    }

    /**
     * Opens the store for work that may run beside a server (a backup): an external database as {@link #open} does; the
     * embedded one started here when no other Ecofoyer process runs it, or else reached on the port of the server that
     * process started (PostgreSQL's own {@code postmaster.pid}, fourth line, under {@code <data-dir>/pg}), on loopback.
     */
    public static Database openBesideServer(StorageConfig config, Path dataDir) {
        if (!config.embedded()) {
            return connectExternal(config, java.time.Clock.systemUTC());
        }
        if (!java.nio.file.Files.isDirectory(dataDir.resolve("pg"))) {
            // Starting the embedded server would create an empty store there: nothing to work on, and a stray directory.
            throw new StorageException("there is no embedded store in " + dataDir.toAbsolutePath()
                    + " (no pg directory): check --data-dir, or storage.url for an external database");
        }
        DataDirLock lock = DataDirLock.tryAcquire(dataDir);
        return lock != null ? startEmbedded(config, dataDir, lock) : connectToRunningEmbedded(config, dataDir);
    }

    private static Database connectToRunningEmbedded(StorageConfig config, Path dataDir) {
        Path pid = dataDir.resolve("pg").resolve("postmaster.pid");
        int port;
        try {
            java.util.List<String> lines = java.nio.file.Files.readAllLines(pid);
            port = Integer.parseInt(lines.get(3).trim());
        } catch (IOException | RuntimeException e) {
            throw new StorageException("the data directory " + dataDir.toAbsolutePath() + " is in use by another Ecofoyer"
                    + " process, but its embedded PostgreSQL is not running (no port in " + pid + "); try again once it has"
                    + " started, or stop that process", e);
        }
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/" + EMBEDDED_DATABASE;
        HikariDataSource ds = pool(url, "postgres", null, config);
        try (Connection c = ds.getConnection()) {
            LOG.info("reached the embedded PostgreSQL of the running Ecofoyer on 127.0.0.1:{}", port);
        } catch (SQLException e) {
            ds.close();
            throw new StorageException("cannot reach the embedded PostgreSQL of the Ecofoyer process using "
                    + dataDir.toAbsolutePath() + " (127.0.0.1:" + port + "): " + e.getMessage(), e);
        }
        return new Database(ds, null, null, url, "the embedded store in " + dataDir.toAbsolutePath(), config);
    }

    private static Database startEmbedded(StorageConfig config, Path dataDir) {
        return startEmbedded(config, dataDir, DataDirLock.acquire(dataDir));
    }

    private static Database startEmbedded(StorageConfig config, Path dataDir, DataDirLock lock) {
        EmbeddedPostgres pg = null;
        try {
            long t0 = System.nanoTime();
            pg = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir.resolve("pg"))
                    .setCleanDataDirectory(false)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "100")
                    // The library's defaults are for throwaway test databases (fsync, synchronous_commit and
                    // full_page_writes off): a household's only copy of its data must survive a power cut, and
                    // ingest acknowledges data only once it is durably committed.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setPGStartupWait(java.time.Duration.ofSeconds(60))
                    // Its own hook would stop the server at exit at the same time as ours stop the services that
                    // write to it (the JVM runs hooks in parallel): the database is stopped last by ShutdownSequence.
                    .setRegisterShutdownHook(false)
                    .start();
            EmbeddedPostgres started = pg;
            try (ShutdownSequence.Registration untilOpen = ShutdownSequence.add("embedded PostgreSQL", () -> closeQuietly(started))) {
                createDatabaseIfMissing(pg);
                String url = pg.getJdbcUrl("postgres", EMBEDDED_DATABASE);
                LOG.info("embedded PostgreSQL started on 127.0.0.1:{} with data in {} ({} ms)", pg.getPort(),
                        dataDir.resolve("pg").toAbsolutePath(), (System.nanoTime() - t0) / 1_000_000);
                return new Database(pool(url, "postgres", null, config), pg, lock, url,
                        "the embedded store in " + dataDir.toAbsolutePath(), config);
            }
        } catch (IOException | SQLException | RuntimeException e) {
            closeQuietly(pg);
            lock.close();
            if (e instanceof StorageException se) {
                throw se;
            }
            throw new StorageException("cannot start the embedded PostgreSQL in " + dataDir.resolve("pg").toAbsolutePath()
                    + ": " + e.getMessage() + "; check the directory's permissions and free disk space, or set storage.url"
                    + " to use an external PostgreSQL", e);
        }
    }

    private static void createDatabaseIfMissing(EmbeddedPostgres pg) throws SQLException {
        try (Connection c = pg.getPostgresDatabase().getConnection();
             var st = c.createStatement();
             var rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + EMBEDDED_DATABASE + "'")) {
            if (!rs.next()) {
                st.execute("CREATE DATABASE " + EMBEDDED_DATABASE);
            }
        }
    }

    private static Database connectExternal(StorageConfig config, java.time.Clock clock) {
        HikariDataSource ds = pool(config.url(), config.user(), config.password(), config);
        try (Connection c = ds.getConnection()) {
            int major = c.getMetaData().getDatabaseMajorVersion();
            if (major < 15) {
                ds.close();
                throw new StorageException("PostgreSQL " + major + " at " + Redact.url(config.url())
                        + " is too old: Ecofoyer needs PostgreSQL 15 or newer");
            }
        } catch (SQLException e) {
            ds.close();
            throw new StorageException("cannot connect to PostgreSQL at " + Redact.url(config.url()) + ": " + Redact.text(e.getMessage())
                    + "; check storage.url, storage.user and storage.password", e);
        }
        HikariDataSource replica = null;
        if (config.readUrl() != null) {
            // Not checked at start: a replica that is down only sends the chart reads to the primary (ReplicaReads).
            replica = pool(config.readUrl(), config.user(), config.password(), config, "ecofoyer-db-read", true);
            LOG.info("chart reads from the replica at {} when it lags less than {}", Redact.url(config.readUrl()),
                    config.readMaxLag());
        }
        return new Database(ds, replica, clock, null, null, config.url(), "the database at " + Redact.url(config.url()), config);
    }

    private static HikariDataSource pool(String url, String user, String password, StorageConfig config) {
        return pool(url, user, password, config, "ecofoyer-db", false);
    }

    private static HikariDataSource pool(String url, String user, String password, StorageConfig config, String name,
                                         boolean readOnly) {
        HikariConfig hc = new HikariConfig();
        hc.setReadOnly(readOnly);
        hc.setJdbcUrl(url);
        if (user != null) {
            hc.setUsername(user);
        }
        if (password != null) {
            hc.setPassword(password);
        }
        hc.setMaximumPoolSize(config.poolSize());
        hc.setMinimumIdle(Math.min(2, config.poolSize()));
        hc.setConnectionTimeout(config.connectTimeout().toMillis());
        hc.setPoolName(name);
        // A partitioned network (packets dropped, no RST) must not hang a writer for the kernel's retransmission
        // timeout (15 min and more): every read has a deadline, and the server cancels a statement a little before it,
        // so that a slow statement fails cleanly and only a silent server costs the connection. Long work uses
        // longOperations(), without those limits.
        hc.addDataSourceProperty("socketTimeout", String.valueOf(config.socketTimeout().toSeconds()));
        hc.addDataSourceProperty("connectTimeout", String.valueOf(config.connectTimeout().toSeconds()));
        hc.addDataSourceProperty("loginTimeout", String.valueOf(config.connectTimeout().toSeconds()));
        hc.addDataSourceProperty("tcpKeepAlive", "true");
        hc.addDataSourceProperty("options", "-c statement_timeout=" + config.statementTimeout().toMillis());
        // Idle connections are checked every minute (a dead one is replaced before a writer takes it), each check
        // bounded by 5 s.
        hc.setKeepaliveTime(Duration.ofMinutes(1).toMillis());
        hc.setValidationTimeout(Math.min(Duration.ofSeconds(5).toMillis(), config.socketTimeout().toMillis()));
        // Fail at first use rather than at construction, so that a database that is down at start-up is retried.
        hc.setInitializationFailTimeout(-1);
        hc.addDataSourceProperty("reWriteBatchedInserts", "true");
        hc.addDataSourceProperty("ApplicationName", "ecofoyer");
        return new HikariDataSource(hc);
    }

    /** Applies every module's migrations, then turns the declared time-series tables into hypertables. */
    public Migrations.Result migrate(String... extraLocations) {
        Migrations.Result result = Migrations.migrate(longOperations, extraLocations);
        this.timescale = result.timescale();
        return result;
    }

    /**
     * Applies exactly the pending migrations of {@code versions}, no other: a restore rebuilds its backup's schema with
     * the migrations its store had, before the rows come; {@link #migrate} then applies the rest, over them.
     */
    public Migrations.Result migrateExactly(java.util.Set<String> versions, String... extraLocations) {
        Migrations.Result result = Migrations.migrateExactly(longOperations, versions, extraLocations);
        this.timescale = result.timescale();
        return result;
    }

    /** The versions of every migration this build carries, whether applied or not. */
    public java.util.List<String> availableMigrations(String... extraLocations) {
        return Migrations.available(pool, extraLocations).stream().map(Object::toString).toList();
    }

    public DataSource dataSource() {
        return pool;
    }

    /**
     * Read-only connections for the dashboard's chart reads: the streaming replica's ({@code storage.read-url}) when it
     * has replayed what the primary had written {@code storage.read-max-lag} ago, else the primary's (see
     * {@link ReplicaReads}); without a replica, {@link #dataSource()}. Never for a write, nor for a read of what its own
     * request or session has just written.
     */
    public DataSource readDataSource() {
        return reads;
    }

    /**
     * The pool's connections for work that may legitimately run long — migrations, backup and restore, the recompute:
     * no {@code statement_timeout}, and a read timeout of {@code storage.long-operation-timeout} (1 h by default)
     * instead of {@code storage.socket-timeout}. Closing a connection puts the pool's limits back.
     */
    public DataSource longOperations() {
        return longOperations;
    }

    public boolean isEmbedded() {
        return embedded != null;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** Where the store is, for an operator's message: the data directory, or the external URL without secrets. */
    public String describe() {
        return where;
    }

    /** Whether TimescaleDB was found at the last migration. */
    public Timescale timescale() {
        return timescale;
    }

    /** Whether a connection can be had and answers within a second. Blocking. */
    public boolean isReachable() {
        try (Connection c = pool.getConnection()) {
            return c.isValid(1);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Closes the pool, then stops the embedded server; once (later calls do nothing). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (stopOnExit != null) {
            stopOnExit.close();
        }
        if (readPool != null) {
            readPool.close();
        }
        pool.close();
        if (embedded != null) {
            closeQuietly(embedded);
            LOG.info("embedded PostgreSQL stopped");
        }
        if (lock != null) {
            lock.close();
        }
    }

    private static void closeQuietly(EmbeddedPostgres pg) {
        if (pg == null) {
            return;
        }
        try {
            pg.close();
        } catch (IOException e) {
            LOG.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
    }
}
