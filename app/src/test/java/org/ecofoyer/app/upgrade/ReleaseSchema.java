package org.ecofoyer.app.upgrade;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Brings an empty database to a release's schema: exactly that release's migrations, no other. Flyway's
 * {@code target} alone cannot do it: with out-of-order migrations a later release adds versions below an earlier
 * one's highest (V1_1_1 came after V40_2_0), which a target would apply too. So the release's SQL scripts (the
 * manifest's checksums say they are the released ones) are copied to a folder of their own and its Java migrations
 * are handed over as instances; Flyway knows nothing else.
 */
final class ReleaseSchema {
    private ReleaseSchema() {
    }

    static void migrate(DataSource dataSource, ReleaseManifest release, Path scratch) {
        List<JavaMigration> java = new ArrayList<>();
        try {
            for (ReleaseManifest.Entry e : release.entries()) {
                if (e.isJava()) {
                    java.add((JavaMigration) Class.forName(e.script()).getDeclaredConstructor().newInstance());
                    continue;
                }
                Path target = scratch.resolve(e.script());
                Files.createDirectories(target.getParent());
                try (InputStream in = ReleaseSchema.class.getResourceAsStream("/db/migration/" + e.script())) {
                    if (in == null) {
                        throw new IllegalStateException("db/migration/" + e.script() + " is not on the class path");
                    }
                    Files.copy(in, target);
                }
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        } catch (ReflectiveOperationException ex) {
            throw new IllegalStateException(ex);
        }
        Flyway.configure().dataSource(dataSource).locations("filesystem:" + scratch.toAbsolutePath())
                .javaMigrations(java.toArray(JavaMigration[]::new)).load().migrate();
    }
}
