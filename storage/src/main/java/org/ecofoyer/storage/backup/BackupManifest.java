package org.ecofoyer.storage.backup;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a backup holds ({@code manifest.json} in the archive): enough to restore it into an empty store of this or a
 * later release and to check that every row came back.
 *
 * @param formatVersion    the archive's layout ({@link #FORMAT_VERSION}); a restore refuses a layout it does not know
 * @param createdAt        when the snapshot was taken (the backup's clock)
 * @param producer         what wrote it (e.g. {@code ecofoyer 0.1.0})
 * @param schemaVersion    the newest migration applied to the store: a restore migrates to it before filling the tables
 * @param migrations       every migration applied to the store, in the order it was applied
 * @param postgresVersion  the server's version
 * @param timescaleVersion TimescaleDB's version in the store, or {@code null} without it
 * @param tables           every table of the schema but Flyway's history, by name
 * @param sequences        every sequence of the schema and where it stands
 */
public record BackupManifest(int formatVersion, Instant createdAt, String producer, String schemaVersion,
                             List<Migration> migrations, String postgresVersion, String timescaleVersion,
                             List<Table> tables, List<Sequence> sequences) {
    public static final int FORMAT_VERSION = 1;
    static final String ENTRY = "manifest.json";
    static final String KIND = "ecofoyer-backup";

    /** An applied migration. */
    public record Migration(String version, String description) {
    }

    /**
     * One table: its rows are entry {@code entry} of the archive, in PostgreSQL's text COPY format (UTC, ISO dates).
     *
     * @param checksum   {@link LineChecksum} of the entry
     * @param hypertable whether it was a TimescaleDB hypertable (informative: a restore follows the target's
     *                   {@code storage_timeseries} and TimescaleDB, so a backup moves between plain PostgreSQL and
     *                   TimescaleDB both ways)
     */
    public record Table(String name, String entry, List<String> columns, long rows, String checksum, boolean hypertable) {
    }

    /** A sequence's last value, and whether it was handed out ({@code false}: the next value is {@code lastValue}). */
    public record Sequence(String name, long lastValue, boolean isCalled) {
    }

    public Optional<Table> table(String name) {
        return tables.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    public long totalRows() {
        return tables.stream().mapToLong(Table::rows).sum();
    }

    JsonObject toJson() {
        JsonArray ms = new JsonArray();
        migrations.forEach(m -> ms.add(new JsonObject().put("version", m.version()).put("description", m.description())));
        JsonArray ts = new JsonArray();
        tables.forEach(t -> ts.add(new JsonObject().put("name", t.name()).put("entry", t.entry())
                .put("columns", new JsonArray(t.columns())).put("rows", t.rows()).put("checksum", t.checksum())
                .put("hypertable", t.hypertable())));
        JsonArray ss = new JsonArray();
        sequences.forEach(s -> ss.add(new JsonObject().put("name", s.name()).put("lastValue", s.lastValue())
                .put("isCalled", s.isCalled())));
        return new JsonObject().put("kind", KIND).put("formatVersion", formatVersion).put("createdAt", createdAt.toString())
                .put("producer", producer).put("schemaVersion", schemaVersion).put("postgresVersion", postgresVersion)
                .put("timescaleVersion", timescaleVersion).put("copyFormat", "text")
                .put("checksumAlgorithm", LineChecksum.ALGORITHM)
                .put("migrations", ms).put("tables", ts).put("sequences", ss);
    }

    static BackupManifest fromJson(JsonObject j) {
        if (!KIND.equals(j.getString("kind"))) {
            throw new IllegalArgumentException("not an Ecofoyer backup (its manifest is of kind '" + j.getString("kind") + "')");
        }
        int format = j.getInteger("formatVersion");
        if (format > FORMAT_VERSION) {
            throw new IllegalArgumentException("the backup's format " + format + " is newer than this release reads ("
                    + FORMAT_VERSION + "): restore it with the release that wrote it (" + j.getString("producer") + ") or a later one");
        }
        List<Migration> ms = j.getJsonArray("migrations").stream().map(JsonObject.class::cast)
                .map(m -> new Migration(m.getString("version"), m.getString("description"))).toList();
        List<Table> ts = j.getJsonArray("tables").stream().map(JsonObject.class::cast)
                .map(t -> new Table(t.getString("name"), t.getString("entry"),
                        t.getJsonArray("columns").stream().map(String.class::cast).toList(), t.getLong("rows"),
                        t.getString("checksum"), t.getBoolean("hypertable"))).toList();
        List<Sequence> ss = j.getJsonArray("sequences").stream().map(JsonObject.class::cast)
                .map(s -> new Sequence(s.getString("name"), s.getLong("lastValue"), s.getBoolean("isCalled"))).toList();
        return new BackupManifest(format, Instant.parse(j.getString("createdAt")), j.getString("producer"),
                j.getString("schemaVersion"), ms, j.getString("postgresVersion"), j.getString("timescaleVersion"), ts, ss);
    }
}
