package org.ecofoyer.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** A {@link FaultIngestChild} JVM: started, watched through its health lines, killed (SIGKILL) or stopped (SIGTERM). */
public final class IngestProcess implements AutoCloseable {
    /** The child's last reported MQTT counters. */
    public record Health(long received, long acknowledged, long pendingAcks, long redeliveriesRecognised) {
    }

    private final Process process;
    private final Path log;
    private final AtomicReference<Health> health = new AtomicReference<>(new Health(0, 0, 0, 0));
    private final CompletableFuture<Void> ready = new CompletableFuture<>();

    private IngestProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
        Thread reader = new Thread(this::read, "ingest-child-out");
        reader.setDaemon(true);
        reader.start();
    }

    public static IngestProcess start(String jdbcUrl, String mqttUrl, String clientId, String group, LinkyFleet fleet,
                                      Duration clockOffset) {
        try {
            Path log = Files.createTempFile("ingest-child", ".log");
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                    "-cp", System.getProperty("java.class.path"), FaultIngestChild.class.getName(), jdbcUrl, mqttUrl, clientId,
                    group, fleet.prefix(), String.valueOf(fleet.meters()), String.valueOf(clockOffset.toMillis()))
                    .redirectError(log.toFile()).start();
            IngestProcess ip = new IngestProcess(p, log);
            try {
                ip.ready.get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                ip.process.destroyForcibly();
                throw new IllegalStateException("the ingest child did not subscribe (log in " + log + ")", e);
            }
            return ip;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void read() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String l;
            while ((l = out.readLine()) != null) {
                if (l.equals("READY")) {
                    ready.complete(null);
                } else if (l.startsWith("HEALTH ")) {
                    String[] p = l.split(" ");
                    try {
                        health.set(new Health(Long.parseLong(p[1]), Long.parseLong(p[2]), Long.parseLong(p[3]), Long.parseLong(p[4])));
                    } catch (RuntimeException e) {
                        System.err.println("ingest child: unreadable line " + l);
                    }
                } else {
                    System.out.println("ingest child: " + l);
                }
            }
        } catch (IOException e) {
            // the child died: its last health line stays
        }
        ready.completeExceptionally(new IllegalStateException("the child exited"));
    }

    public Health health() {
        return health.get();
    }

    public Path log() {
        return log;
    }

    /** SIGKILL: no shutdown hook, no flush; what it had not acknowledged stays with the broker. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM: the orderly stop writes what downsampling holds and acknowledges it before the session closes. */
    public void stop() throws Exception {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the orderly stop did not end within 60 s (log in " + log + ")");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
