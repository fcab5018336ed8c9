package org.ecofoyer.tools.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A {@link LoadTestInstance} process, watched through its health lines. */
final class InstanceProcess {
    /** The instance's last reported counters. */
    record Health(long received, long acknowledged, long pendingAcks, long queued) {
    }

    final String clientId;
    private final Process process;
    private final Path log;
    private volatile Health health = new Health(0, 0, 0, 0);
    private final CompletableFuture<Void> ready = new CompletableFuture<>();

    private InstanceProcess(String clientId, Process process, Path log) {
        this.clientId = clientId;
        this.process = process;
        this.log = log;
        Thread t = new Thread(this::read, "loadtest-instance-out");
        t.setDaemon(true);
        t.start();
    }

    static InstanceProcess start(List<String> args, String clientId) throws Exception {
        Path log = Files.createTempFile("loadtest-" + clientId, ".log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), LoadTestInstance.class.getName()));
        cmd.addAll(args);
        InstanceProcess p = new InstanceProcess(clientId, new ProcessBuilder(cmd).redirectError(log.toFile()).start(), log);
        try {
            p.ready.get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            p.process.destroyForcibly();
            throw new IllegalStateException("ingest instance " + clientId + " did not subscribe (log in " + log + ")", e);
        }
        return p;
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String l;
            while ((l = in.readLine()) != null) {
                if (l.equals("READY")) {
                    ready.complete(null);
                } else if (l.startsWith("HEALTH ")) {
                    String[] f = l.split(" ");
                    try {
                        health = new Health(Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]));
                    } catch (RuntimeException e) {
                        // a line cut by the kill
                    }
                }
            }
        } catch (IOException e) {
            // the process died
        }
        ready.completeExceptionally(new IllegalStateException("the instance exited"));
    }

    Health health() {
        return health;
    }

    boolean alive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    /** SIGKILL, never restarted: what its session holds is left to the broker (and to a failover, if any). */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM: the orderly stop writes what downsampling holds. */
    void stop() throws Exception {
        process.destroy();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the orderly stop of " + clientId + " did not end within 120 s (log in " + log + ")");
        }
    }
}
