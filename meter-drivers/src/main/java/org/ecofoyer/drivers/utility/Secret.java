package org.ecofoyer.drivers.utility;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Objects;
import java.util.Set;

/**
 * A credential (client secret, password, token). Its {@link #toString()} never shows the value, so a secret that
 * ends up in a log line, an exception message or a record's {@code toString} prints as {@code ***}.
 */
public final class Secret {
    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value);
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    /**
     * Reads a secret from a file, trimmed. The file must not be readable or writable by others (like ssh keys): a
     * secret in a world-readable file is refused with a message saying how to fix it.
     */
    public static Secret fromFile(Path file) {
        try {
            try {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
                if (perms.contains(PosixFilePermission.OTHERS_READ) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
                    throw new IllegalArgumentException("secret file " + file + " is accessible by other users: run 'chmod 600 "
                            + file + "'");
                }
            } catch (UnsupportedOperationException notPosix) {
                // Windows: rely on the ACLs the operator set
            }
            String text = Files.readString(file).trim();
            if (text.isEmpty()) {
                throw new IllegalArgumentException("secret file " + file + " is empty");
            }
            return new Secret(text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read secret file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The value, for the one place that sends it (an Authorization header or a form field). */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "***";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
