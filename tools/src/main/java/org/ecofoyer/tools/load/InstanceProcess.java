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
    /**
     * The instance's last reported counters: its own session's, its writer's queue, and its failover's (the client id
     * whose session it drains now, or null, and what that adoption received so far; the sessions it drained and ended,
     * and their messages).
     */
    record Health(long received, long acknowledged, long pendingAcks, long queued, String adopting, long adoptingReceived,
                  long adoptedSessions, long adoptedMessages) {
        static final Health NONE = new Health(0, 0, 0, 0, null, 0, 0, 0);

        static Health parse(String[] f) {
            return new Health(Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]),
                    "-".equals(f[5]) ? null : f[5], Long.parseLong(f[6]), Long.parseLong(f[7]), Long.parseLong(f[8]));
        }

        /** Every message this instance took from the broker: its own session's, and the adopted ones'. */
        long handled() {
            return received + adoptedMessages + adoptingReceived;
        }
    }

    final String clientId;
    private final Process process;
    private final Path log;
    private volatile Health health = Health.NONE;
    /** CPU seconds of the process when it announced READY (its start, migrations and subscription: not load). */
    private volatile double cpuAtReady = Double.NaN;
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
                    cpuAtReady = cpuSeconds();
                    ready.complete(null);
                } else if (l.startsWith("HEALTH ")) {
                    String[] f = l.split(" ");
                    try {
                        health = Health.parse(f);
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

    /**
     * The process's CPU time (user + system, every thread) in seconds, from {@code /proc/<pid>/stat}; NaN when it
     * cannot be read (not Linux, or the process is gone).
     */
    double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
            // fields after the command name, which is in parentheses and may hold spaces: state is field 3, utime 14, stime 15
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) CLOCK_TICKS;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** CPU seconds since it announced READY: what the load cost it. */
    double loadCpuSeconds() {
        return cpuSeconds() - cpuAtReady;
    }

    /** USER_HZ, the unit of /proc's CPU times: 100 on every Linux architecture Java runs on, unless getconf says otherwise. */
    private static final long CLOCK_TICKS = clockTicks();

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor() == 0 ? Long.parseLong(v) : 100;
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
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
