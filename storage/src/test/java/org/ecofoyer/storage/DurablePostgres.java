package org.ecofoyer.storage;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A PostgreSQL server of its own for fault tests, with the settings of a production store that must survive a crash
 * ({@code fsync}, {@code synchronous_commit} and {@code full_page_writes} on — the shared {@link TestDatabases} server
 * has them off for speed, so "acknowledged after commit" is never checked against a crash-recovered database there),
 * on a data directory the test chooses (e.g. a small filesystem it mounted) and a fixed port, so that it can be
 * killed with SIGKILL ({@link #kill()}: the postmaster, as a power cut or the OOM killer would) and started again on
 * the same files: PostgreSQL then runs its crash recovery from the WAL.
 */
public final class DurablePostgres implements AutoCloseable {
    private final Path dataDir;
    private final int port;
    private EmbeddedPostgres server;

    private DurablePostgres(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    /** A new server on a new data directory in {@code parent} (created if needed), started. */
    public static DurablePostgres start(Path parent) {
        try {
            Files.createDirectories(parent);
            Path dir = Files.createTempDirectory(parent, "pg");
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            DurablePostgres pg = new DurablePostgres(dir, port);
            pg.startAgain();
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the server on its data directory (after {@link #kill()}: crash recovery), waiting until it answers. */
    public void startAgain() {
        // A killed postmaster's backends notice its death and exit within moments; until they have, the old shared
        // memory is still attached and a new postmaster refuses to start: retried, not slept.
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> {
                    server = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port)
                            .setServerConfig("listen_addresses", "127.0.0.1")
                            .setServerConfig("fsync", "on")
                            .setServerConfig("synchronous_commit", "on")
                            .setServerConfig("full_page_writes", "on")
                            .setServerConfig("max_connections", "60")
                            .setPGStartupWait(Duration.ofSeconds(60)).start();
                    return true;
                });
    }

    /** SIGKILL to the postmaster (its pid from {@code postmaster.pid}); returns once it is gone. */
    public void kill() {
        try {
            long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
            ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("no postmaster " + pid));
            new ProcessBuilder("kill", "-9", String.valueOf(pid)).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
            postmaster.onExit().get(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("could not kill the postmaster of " + dataDir, e);
        }
        releaseLock();
    }

    /**
     * What a service manager does ({@code Restart=always}): if the postmaster has exited (PostgreSQL stops itself when
     * it cannot write its WAL, e.g. on a full disk), starts it again. Returns whether it had exited.
     */
    public boolean restartIfExited() {
        Path pidFile = dataDir.resolve("postmaster.pid");
        try {
            if (Files.exists(pidFile)) {
                long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    return false;
                }
            }
        } catch (IOException | RuntimeException e) {
            // a pid file being written: look again at the next poll
            return false;
        }
        releaseLock();
        startAgain();
        return true;
    }

    /** The embedded server object still holds its lock on the data directory: closing it (the stop fails) releases it. */
    private void releaseLock() {
        try {
            if (server != null) {
                server.close();
            }
        } catch (IOException | RuntimeException ignored) {
            // the postmaster is already gone: only the lock mattered
        }
        server = null;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Creates a database and returns its JDBC URL. */
    public String createDatabase(String name) {
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return jdbcUrl(name);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres";
    }

    /** A setting as the running server reports it (the test checks the durable settings are really in force). */
    public String setting(String name) {
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement st = c.createStatement();
             var rs = st.executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops the server and deletes its data directory. */
    @Override
    public void close() {
        releaseLock();
        try (var paths = Files.walk(dataDir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a temporary directory: left for the system to clean
        }
    }
}
