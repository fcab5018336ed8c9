package org.ecofoyer.app;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.ecofoyer.storage.TestServices;

/**
 * A real Mosquitto (ECO_TEST_MOSQUITTO_BIN) that knows nothing but the password and ACL files {@code ecofoyer gateway
 * export-mosquitto} wrote, with the test script's queue settings; reloaded by SIGHUP through its pid file.
 */
final class ExportedBroker implements AutoCloseable {
    final int port;
    final Path pidFile;
    private final Process process;

    private ExportedBroker(int port, Path pidFile, Process process) {
        this.port = port;
        this.pidFile = pidFile;
        this.process = process;
    }

    /** Starts a broker in {@code dir} on the files in {@code files} ({@code passwd}, {@code acl}); returns once it listens. */
    static ExportedBroker start(Path dir, Path files) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path conf = dir.resolve("mosquitto.conf");
        Path pid = dir.resolve("mosquitto.pid");
        Files.writeString(conf, String.join("\n",
                "per_listener_settings true",
                "persistence false",
                "max_queued_messages 1000000",
                "max_inflight_messages 0",
                "pid_file " + pid,
                "log_dest stderr",
                "log_type error",
                "log_type warning",
                "user " + System.getProperty("user.name"),
                "listener " + port + " 127.0.0.1",
                "allow_anonymous false",
                "password_file " + files.resolve("passwd"),
                "acl_file " + files.resolve("acl"),
                ""));
        Process p = new ProcessBuilder(TestServices.require("ECO_TEST_MOSQUITTO_BIN"), "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        int listening = port;
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            try (Socket s = new Socket("127.0.0.1", listening)) {
                return Files.exists(pid);
            } catch (IOException e) {
                return false;
            }
        });
        return new ExportedBroker(port, pid, p);
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
