package org.ecofoyer.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive OS lock on a data directory, so that two Ecofoyer processes never run one embedded database. The
 * OS releases it if the process dies, so a crash never leaves a stale lock behind.
 */
final class DataDirLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static DataDirLock acquire(Path dataDir) {
        DataDirLock lock = tryAcquire(dataDir);
        if (lock == null) {
            String holder = holder(dataDir);
            throw new StorageException("the data directory " + dataDir.toAbsolutePath()
                    + " is already in use by another Ecofoyer process" + (holder.isEmpty() ? "" : " (pid " + holder + ")")
                    + "; stop it first, or choose another directory with --data-dir");
        }
        return lock;
    }

    /** The lock, or {@code null} when another process (or another user in this one) holds it. */
    static DataDirLock tryAcquire(Path dataDir) {
        Path file = dataDir.resolve("ecofoyer.lock");
        try {
            Files.createDirectories(dataDir);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.READ);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                return null;
            }
            channel.truncate(0);
            channel.write(java.nio.ByteBuffer.wrap(String.valueOf(ProcessHandle.current().pid())
                    .getBytes(StandardCharsets.UTF_8)));
            channel.force(false);
            return new DataDirLock(channel, lock);
        } catch (IOException e) {
            throw new StorageException("cannot lock the data directory " + dataDir.toAbsolutePath() + ": " + e.getMessage()
                    + "; check that it exists and is writable", e);
        }
    }

    private static String holder(Path dataDir) {
        try {
            return Files.readString(dataDir.resolve("ecofoyer.lock"), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // the OS drops the lock with the process anyway
        }
    }
}
