package org.ecofoyer.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
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
        return migrate(dataSource, null, extraLocations);
    }

    /**
     * Applies the migrations up to {@code target} included ({@code null}: all of them), then converts the declared
     * time-series tables. A restore migrates an empty store to its backup's version first, then to the current one.
     */
    static Result migrate(DataSource dataSource, MigrationVersion target, String... extraLocations) {
        Timescale timescale;
        try (Connection c = dataSource.getConnection()) {
            timescale = Timescale.enable(c);
        } catch (SQLException e) {
            throw new StorageException("cannot reach the database to migrate it: " + e.getMessage()
                    + "; check that PostgreSQL is running and storage.url is right", e);
        }
        MigrateResult mr;
        try {
            var config = configure(dataSource, extraLocations);
            if (target != null) {
                config.target(target);
            }
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

    private static FluentConfiguration configure(DataSource dataSource, String... extraLocations) {
        List<String> locations = new ArrayList<>();
        locations.add(LOCATION);
        locations.addAll(List.of(extraLocations));
        return Flyway.configure()
                .dataSource(dataSource)
                .locations(locations.toArray(String[]::new))
                .outOfOrder(true)
                .loggers("slf4j");
    }
}
