package org.ecofoyer.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A private Mosquitto (ECO_TEST_MOSQUITTO_BIN) with persistence, on a fixed port, that a test can stop and start
 * again: the deployment's zero-loss settings (large queues, persistence) as documented in docs/operations.md.
 */
final class TestBroker implements AutoCloseable {
    private final String bin;
    private final Path dir;
    private final int port;
    private Process process;

    TestBroker(String bin) {
        this(bin, "autosave_interval 1");
    }

    /** With these persistence settings instead of the 1 s autosave (e.g. docs/operations.md's crash-safe ones). */
    TestBroker(String bin, String... persistenceSettings) {
        this.bin = bin;
        try {
            this.dir = Files.createTempDirectory("ecofoyer-mosquitto");
            try (ServerSocket s = new ServerSocket(0)) {
                this.port = s.getLocalPort();
            }
            Files.writeString(dir.resolve("mosquitto.conf"), String.join("\n",
                    "listener " + port + " 127.0.0.1",
                    "allow_anonymous true",
                    "persistence true",
                    "persistence_location " + dir + "/",
                    String.join("\n", persistenceSettings),
                    "max_queued_messages 1000000",
                    "max_inflight_messages 0",
                    "log_dest stderr",
                    "log_type error",
                    "log_type warning",
                    "user root",
                    ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    TestBroker start() {
        try {
            process = new ProcessBuilder(bin, "-c", dir.resolve("mosquitto.conf").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(this::listening);
        return this;
    }

    /** Stops it gracefully (SIGTERM: it saves its persistent state, as in a real restart). */
    void stop() {
        if (process != null) {
            process.destroy();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /** How many times the running broker has written its state to disk (its log says so with {@code log_type information}). */
    long saves() {
        try (var lines = Files.lines(dir.resolve("log"))) {
            return lines.filter(l -> l.contains("Saving in-memory database")).count();
        } catch (IOException e) {
            return 0;
        }
    }

    /** SIGKILL: no save; the broker comes back with what its last autosave wrote. */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            process = null;
        }
    }

    private boolean listening() {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
