package org.ecofoyer.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Some of the build's migrations, and only them, for a Flyway of their own (the community edition cannot pick): each
 * SQL script copied byte for byte under its own relative name into a temporary directory (so its checksum, version and
 * description are the ones the ordinary migration later finds applied), each Java migration as an instance of its
 * class. Closing it removes the directory.
 */
final class MigrationPicker implements AutoCloseable {
    private final Path dir;
    private final List<JavaMigration> javaMigrations;

    private MigrationPicker(Path dir, List<JavaMigration> javaMigrations) {
        this.dir = dir;
        this.javaMigrations = javaMigrations;
    }

    static MigrationPicker of(List<MigrationInfo> migrations, List<String> classpathLocations) {
        Path dir;
        try {
            dir = Files.createTempDirectory("ecofoyer-migrations");
        } catch (IOException e) {
            throw new StorageException("cannot create a temporary directory for the migrations: " + e.getMessage(), e);
        }
        MigrationPicker picker = new MigrationPicker(dir, new ArrayList<>());
        try {
            for (MigrationInfo m : migrations) {
                if (m.getType().name().equals("JDBC")) {
                    picker.javaMigrations.add(instance(m.getScript()));
                } else {
                    copy(m.getScript(), classpathLocations, dir);
                }
            }
            return picker;
        } catch (RuntimeException e) {
            picker.close();
            throw e;
        }
    }

    String location() {
        return "filesystem:" + dir.toAbsolutePath();
    }

    JavaMigration[] javaMigrations() {
        return javaMigrations.toArray(JavaMigration[]::new);
    }

    private static JavaMigration instance(String className) {
        try {
            return (JavaMigration) Class.forName(className, true, MigrationPicker.class.getClassLoader())
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new StorageException("cannot load the Java migration " + className + ": " + e.getMessage(), e);
        }
    }

    /** Copies {@code script} (a path under one of the classpath locations) to the same path under {@code dir}. */
    private static void copy(String script, List<String> classpathLocations, Path dir) {
        ClassLoader loader = MigrationPicker.class.getClassLoader();
        for (String location : classpathLocations) {
            String base = location.startsWith("classpath:") ? location.substring("classpath:".length()) : location;
            try (InputStream in = loader.getResourceAsStream(base + "/" + script)) {
                if (in != null) {
                    Path to = dir.resolve(script);
                    Files.createDirectories(to.getParent());
                    Files.copy(in, to);
                    return;
                }
            } catch (IOException e) {
                throw new StorageException("cannot copy the migration " + script + ": " + e.getMessage(), e);
            }
        }
        throw new StorageException("cannot find the migration script " + script + " in " + classpathLocations);
    }

    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: the OS cleans it at worst
        }
    }
}
