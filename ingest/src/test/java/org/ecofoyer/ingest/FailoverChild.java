package org.ecofoyer.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An {@link IngestChild} with the session failover on, in a JVM of its own so that a failover test can SIGKILL it:
 * started, watched through its health lines (its connection, its fence, its adoption), killed.
 */
final class FailoverChild implements AutoCloseable {
    /** The child's last reported state. */
    record Health(boolean connected, boolean fenced, String adopting, long adoptingReceived, long adoptingPending,
                  long adoptedSessions, long adoptionsGivenUp, long received) {
        static final Health NONE = new Health(false, false, null, 0, 0, 0, 0, 0);
    }

    final String clientId;
    private final Process process;
    private final Path log;
    private final AtomicReference<Health> health = new AtomicReference<>(Health.NONE);
    private final CompletableFuture<Void> reporting = new CompletableFuture<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();

    private FailoverChild(String clientId, Process process, Path log) {
        this.clientId = clientId;
        this.process = process;
        this.log = log;
        Thread reader = new Thread(this::read, "failover-child-out");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts it and waits until it reports (not until it is connected: an owner may wait for its lease). */
    static FailoverChild start(String jdbcUrl, String mqttUrl, String clientId, String group, String prefix, int gateways,
                               Duration lease, Instant clock) {
        try {
            Path log = Files.createTempFile("ingest-failover-child", ".log");
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                    "-cp", System.getProperty("java.class.path"), IngestChild.class.getName(), jdbcUrl, mqttUrl, clientId, group,
                    prefix, String.valueOf(gateways), String.valueOf(lease.toMillis()), String.valueOf(clock.toEpochMilli()))
                    .redirectError(log.toFile()).start();
            FailoverChild c = new FailoverChild(clientId, p, log);
            try {
                c.reporting.get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
                throw new IllegalStateException("the failover child did not start (log in " + log + ")", e);
            }
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until it is connected and subscribed. */
    FailoverChild awaitReady() {
        try {
            ready.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the failover child did not subscribe (log in " + log + ")", e);
        }
        return this;
    }

    private void read() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String l;
            while ((l = out.readLine()) != null) {
                if (l.equals("READY")) {
                    ready.complete(null);
                } else if (l.startsWith("HEALTH ")) {
                    String[] f = l.split(" ");
                    try {
                        health.set(new Health(Boolean.parseBoolean(f[1]), Boolean.parseBoolean(f[2]), "-".equals(f[3]) ? null : f[3],
                                Long.parseLong(f[4]), Long.parseLong(f[5]), Long.parseLong(f[6]), Long.parseLong(f[7]),
                                Long.parseLong(f[8])));
                        reporting.complete(null);
                    } catch (RuntimeException e) {
                        // a line cut by the kill
                    }
                }
            }
        } catch (IOException e) {
            // the child died: its last health line stays
        }
        reporting.completeExceptionally(new IllegalStateException("the child exited"));
        ready.completeExceptionally(new IllegalStateException("the child exited"));
    }

    Health health() {
        return health.get();
    }

    /** SIGKILL: no DISCONNECT, no flush; what it had not committed is rolled back, what it had not acknowledged stays at the broker. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the child did not die");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
