package org.ecofoyer.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.ecofoyer.storage.TestServices;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A filesystem of a few MB made by the test (a tmpfs mounted with {@code size=}, which needs root), that a test fills
 * with ballast to make a disk full and frees again. Where mounting is impossible the test fails under the test script
 * or CI ({@link TestServices}' rule: a fault test that cannot make its fault must not pass green) and is skipped,
 * loudly, elsewhere.
 */
final class SmallFilesystem implements AutoCloseable {
    private final Path dir;
    private final Path ballast;

    private SmallFilesystem(Path dir) {
        this.dir = dir;
        this.ballast = dir.resolve("ballast");
    }

    static SmallFilesystem mount(Path dir, String size) {
        try {
            Files.createDirectories(dir);
            Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0777", "tmpfs", dir.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                String why = "cannot mount a small filesystem (root needed): " + out.trim();
                if ("1".equals(System.getenv("ECO_TEST_REQUIRE_ALL")) || "true".equalsIgnoreCase(System.getenv("CI"))) {
                    Assertions.fail(why);
                }
                System.err.println("WARNING: " + why + ": test SKIPPED");
                Assumptions.abort(why);
            }
            return new SmallFilesystem(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Writes ballast until the filesystem is full (no space left); returns the bytes written. */
    long fill() {
        ByteBuffer block = ByteBuffer.allocate(64 * 1024);
        long written = 0;
        try (FileChannel ch = FileChannel.open(ballast, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            while (true) {
                block.clear();
                written += ch.write(block);
            }
        } catch (IOException e) {
            return written; // ENOSPC: full
        }
    }

    /** Frees the ballast. */
    void free() {
        try {
            Files.deleteIfExists(ballast);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws Exception {
        new ProcessBuilder("umount", "-l", dir.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
    }
}
