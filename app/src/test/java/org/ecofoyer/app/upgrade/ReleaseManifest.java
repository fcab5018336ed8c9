package org.ecofoyer.app.upgrade;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.ecofoyer.storage.Migrations;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;

/**
 * The migrations a release holds, as recorded when it was cut ({@code upgrade/<release>.migrations}, one line per
 * migration: version, type, checksum, script, description, tab-separated; {@code #} comments). The checksum is
 * Flyway's own for SQL scripts (what {@code validate} compares on an upgraded database); Flyway has none for Java
 * migrations, so theirs is {@code sql:} and the SHA-256 of their {@code static final String} fields (their frozen SQL,
 * docs/architecture.md "Upgrades").
 */
record ReleaseManifest(String release, List<Entry> entries) {
    static final String JAVA_CHECKSUM_PREFIX = "sql:";

    /** One migration: as Flyway knows it, and where it lives ({@code storage/V1_1_0__core_model.sql}, or a class). */
    record Entry(String version, String type, String checksum, String script, String description) {
        boolean isJava() {
            return "JDBC".equals(type);
        }

        String line() {
            return String.join("\t", version, type, checksum, script, description);
        }

        static Entry parse(String line) {
            String[] f = line.split("\t", -1);
            if (f.length != 5) {
                throw new IllegalArgumentException("expected version, type, checksum, script, description (tabs), got: " + line);
            }
            return new Entry(f[0], f[1], f[2], f[3], f[4]);
        }
    }

    /** The manifest recorded for {@code release}, from the test resources. */
    static ReleaseManifest recorded(String release) {
        String name = "/upgrade/" + release + ".migrations";
        try (InputStream in = ReleaseManifest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the test resources");
            }
            List<Entry> entries = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).map(Entry::parse).toList();
            return new ReleaseManifest(release, entries);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The migrations this tree holds, every module's (the locations the application migrates with), read by Flyway
     * from an empty database so that each checksum is the resolved one.
     */
    static ReleaseManifest current(DataSource emptyDatabase) {
        MigrationInfo[] all = Flyway.configure().dataSource(emptyDatabase).locations(Migrations.LOCATION)
                .outOfOrder(true).load().info().all();
        List<Entry> entries = new ArrayList<>();
        for (MigrationInfo m : all) {
            String type = m.getType().name();
            String checksum = "JDBC".equals(type) ? javaChecksum(m.getScript()) : String.valueOf(m.getChecksum());
            entries.add(new Entry(m.getVersion().getVersion(), type, checksum, m.getScript(), m.getDescription()));
        }
        entries.sort(Comparator.comparing((Entry e) -> org.flywaydb.core.api.MigrationVersion.fromVersion(e.version())));
        return new ReleaseManifest("current", entries);
    }

    /** The text of a manifest file: what to copy to {@code upgrade/<release>.migrations} when a release is cut. */
    String text(String header) {
        StringBuilder sb = new StringBuilder();
        header.lines().forEach(l -> sb.append("# ").append(l).append('\n'));
        sb.append("# version\ttype\tchecksum\tscript\tdescription\n");
        entries.forEach(e -> sb.append(e.line()).append('\n'));
        return sb.toString();
    }

    /** The highest version: the release's schema version. */
    String schemaVersion() {
        return entries.get(entries.size() - 1).version();
    }

    /**
     * What changed in this tree since the release, for each of the release's migrations: gone, or a different type,
     * description or checksum. Each problem names the script to restore.
     */
    List<String> changesIn(ReleaseManifest current) {
        Map<String, Entry> now = current.entries().stream().collect(Collectors.toMap(Entry::version, Function.identity()));
        List<String> out = new ArrayList<>();
        for (Entry was : entries) {
            Entry is = now.get(was.version());
            String where = release + "'s migration " + was.version() + " (" + was.script() + ")";
            if (is == null) {
                out.add(where + " is gone: released migrations stay, databases at " + release + " have applied it");
            } else if (!is.type().equals(was.type()) || !is.description().equals(was.description())) {
                out.add(where + " is now " + is.type() + " '" + is.description() + "' (" + is.script() + "), was "
                        + was.type() + " '" + was.description() + "'");
            } else if (!is.checksum().equals(was.checksum())) {
                out.add(where + " was edited (checksum " + was.checksum() + ", now " + is.checksum() + " in " + is.script()
                        + "): " + (was.isJava()
                                ? "its frozen SQL changed, so databases built before and after this change differ"
                                : "Flyway's validate fails on every database upgraded from " + release)
                        + "; restore it and put the change in a new migration");
            }
        }
        return out;
    }

    /** SHA-256 of a Java migration's {@code static final String} fields, by name: its frozen SQL. */
    static String javaChecksum(String className) {
        try {
            Class<?> type = Class.forName(className);
            Field[] fields = type.getDeclaredFields();
            Arrays.sort(fields, Comparator.comparing(Field::getName));
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Field f : fields) {
                int mod = f.getModifiers();
                if (Modifier.isStatic(mod) && Modifier.isFinal(mod) && f.getType() == String.class) {
                    f.setAccessible(true);
                    sha.update((f.getName() + "=" + f.get(null) + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            return JAVA_CHECKSUM_PREFIX + HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (ReflectiveOperationException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot read the frozen SQL of " + className + ": " + e, e);
        }
    }
}
