package org.ecofoyer.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One migration history for every module. Each module keeps its scripts under {@code db/migration/<module>/} on
 * its own classpath and in its own version range, so that modules never collide:
 * storage 1.x, ingest 10.x, aggregation 20.x, gateway-firmware-config 30.x, dashboard 40.x, tests 900.x.
 * Out-of-order application is allowed because a module may add a script in its range after another module's
 * higher range was applied.
 */
public final class Migrations {
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
    public static final String LOCATION = "classpath:db/migration";

    /** What a migration run did. */
    public record Result(int applied, String schemaVersion, Timescale timescale, List<String> hypertables) {
    }

    private Migrations() {
    }

    static Result migrate(DataSource dataSource, String... extraLocations) {
        return migrate(dataSource, configure(dataSource, extraLocations));
    }

    private static Result migrate(DataSource dataSource, FluentConfiguration config) {
        Timescale timescale;
        try (Connection c = dataSource.getConnection()) {
            timescale = Timescale.enable(c);
        } catch (SQLException e) {
            throw new StorageException("cannot reach the database to migrate it: " + e.getMessage()
                    + "; check that PostgreSQL is running and storage.url is right", e);
        }
        MigrateResult mr;
        try {
            mr = config.load().migrate();
        } catch (RuntimeException e) {
            throw new StorageException("database migration failed: " + e.getMessage(), e);
        }
        List<String> hypertables;
        try (Connection c = dataSource.getConnection()) {
            hypertables = TimeSeriesTables.convert(c, timescale);
        } catch (SQLException e) {
            throw new StorageException("cannot turn time-series tables into hypertables: " + e.getMessage(), e);
        }
        LOG.info("database at schema version {} ({} migration(s) applied); TimescaleDB {}", mr.targetSchemaVersion,
                mr.migrationsExecuted, timescale.present() ? timescale.version() + " (" + timescale.license() + ")"
                        + ", hypertables " + hypertables : "absent");
        return new Result(mr.migrationsExecuted, mr.targetSchemaVersion, timescale, hypertables);
    }

    /**
     * Applies exactly the migrations of {@code versions} that are pending, and no other, then converts the declared
     * time-series tables: a restore rebuilds its backup's schema with the very migrations its store had applied. With
     * {@code target} instead, a migration a later release added below the backup's newest version (module ranges make
     * that the rule, not the exception) would run on the empty store, before the rows come, and whatever it does to
     * existing rows would never be done to them; left pending, it runs after them, as it did on every live store.
     *
     * <p>Flyway's community edition cannot pick migrations, so these are handed to a second Flyway that sees only
     * them: each SQL script copied byte for byte, under its own name, into a temporary directory (the same checksum,
     * version and description, so the ordinary {@link #migrate} later sees them as applied and valid), each Java
     * migration as an instance of its class.
     */
    static Result migrateExactly(DataSource dataSource, Set<String> versions, String... extraLocations) {
        List<MigrationInfo> picked = new ArrayList<>();
        for (MigrationInfo m : configure(dataSource, extraLocations).load().info().pending()) {
            if (m.getVersion() != null && versions.contains(m.getVersion().getVersion())) {
                picked.add(m);
            }
        }
        LOG.info("migrating to the backup's schema: {} of its {} migration(s) pending", picked.size(), versions.size());
        try (MigrationPicker picker = MigrationPicker.of(picked, locations(extraLocations))) {
            return migrate(dataSource, Flyway.configure()
                    .dataSource(dataSource)
                    .locations(picker.location())
                    .javaMigrations(picker.javaMigrations())
                    .outOfOrder(true)
                    .loggers("slf4j"));
        }
    }

    /** The versions of every migration this build carries (applied or not), in Flyway's order. */
    static List<MigrationVersion> available(DataSource dataSource, String... extraLocations) {
        List<MigrationVersion> out = new ArrayList<>();
        for (MigrationInfo m : configure(dataSource, extraLocations).load().info().all()) {
            if (m.getVersion() != null && m.getState().isResolved()) {
                out.add(m.getVersion());
            }
        }
        return out;
    }

    private static List<String> locations(String... extraLocations) {
        List<String> locations = new ArrayList<>();
        locations.add(LOCATION);
        locations.addAll(List.of(extraLocations));
        return locations;
    }

    private static FluentConfiguration configure(DataSource dataSource, String... extraLocations) {
        List<String> locations = locations(extraLocations);
        return Flyway.configure()
                .dataSource(dataSource)
                .locations(locations.toArray(String[]::new))
                .outOfOrder(true)
                .loggers("slf4j");
    }
}
