package org.ecofoyer.dashboard;

import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.ecofoyer.dashboard.auth.PasswordHasher;
import org.ecofoyer.dashboard.auth.Role;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.Jdbc;
import org.ecofoyer.storage.TestDatabases;

/**
 * A real dashboard for tests: a fresh migrated PostgreSQL database, Vert.x, the web server on a free port, and two
 * households ({@code H1}, {@code H2}) each with a meter per fluid and an account, plus an advisor, an installer and an
 * operator. Every account's password is {@link #PASSWORD}.
 */
public final class TestServer implements AutoCloseable {
    public static final String PASSWORD = "correct horse battery";
    /** Cheaper than the production parameters, still real Argon2id: keeps the suites fast. */
    public static final PasswordHasher FAST_HASHER = new PasswordHasher(1024, 1, 1);

    public final Database db;
    public final Vertx vertx;
    public final Jdbc jdbc;
    public final Dashboard dashboard;
    public final WebServer web;

    public TestServer() throws Exception {
        this(DashboardConfig.DEFAULTS);
    }

    public TestServer(DashboardConfig config) throws Exception {
        this(config, (d, vertx, jdbc) -> { });
    }

    /** Something to add to the dashboard before it starts (with the server's Vert.x and database). */
    public interface Extra {
        void apply(Dashboard d, Vertx vertx, Jdbc jdbc) throws Exception;
    }

    public TestServer(DashboardConfig config, Extra extra) throws Exception {
        this(TestDatabases.newMigratedDatabase(), config, extra);
    }

    /** On a given migrated database (e.g. one with a read replica), which {@link #close()} closes. */
    public TestServer(Database database, DashboardConfig config, Extra extra) throws Exception {
        db = database;
        vertx = Vertx.vertx();
        jdbc = new Jdbc(vertx, db.dataSource(), 4);
        dashboard = new Dashboard(vertx, jdbc, config, FAST_HASHER).withClock(Fixtures.CLOCK);
        extra.apply(dashboard, vertx, jdbc);
        web = new WebServer(vertx, new org.ecofoyer.dashboard.HttpConfig("127.0.0.1", 0), "test").withDashboard(dashboard, false);
        web.start().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        try (Connection c = db.dataSource().getConnection()) {
            for (String h : new String[] {"H1", "H2"}) {
                sql(c, "INSERT INTO household (id, name) VALUES (?, ?)", h, "Household " + h);
                sql(c, "INSERT INTO meter (code, household_id, fluid, kind, tariff_option, subscribed_kva) VALUES (?, ?, 'ELECTRICITY', 'LINKY_TIC', 'HPHC', 6)",
                        h + "-elec", h);
                sql(c, "INSERT INTO meter (code, household_id, fluid, kind) VALUES (?, ?, 'GAS', 'GAZPAR')", h + "-gas", h);
                sql(c, "INSERT INTO meter (code, household_id, fluid, kind) VALUES (?, ?, 'WATER', 'TELEO')", h + "-water", h);
            }
            var accounts = dashboard.accounts();
            accounts.add(c, "alice", PASSWORD, Role.HOUSEHOLD, "H1", "Alice", "fr");
            accounts.add(c, "bob", PASSWORD, Role.HOUSEHOLD, "H2", "Bob", "en");
            accounts.add(c, "adele", PASSWORD, Role.ADVISOR, null, null, "fr");
            accounts.add(c, "ivan", PASSWORD, Role.INSTALLER, null, null, "fr");
            accounts.add(c, "olga", PASSWORD, Role.OPERATOR, null, null, "en");
            Fixtures.load(c);
        }
    }

    public String base() {
        return "http://127.0.0.1:" + web.actualPort();
    }

    public static void sql(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.execute();
        }
    }

    /** The ids of a household's meters (taken before an erasure, to check afterwards that nothing of them is left). */
    public java.util.List<Integer> meterIds(String household) throws SQLException {
        java.util.List<Integer> out = new java.util.ArrayList<>();
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id FROM meter WHERE household_id = ? ORDER BY id")) {
            ps.setString(1, household);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getInt(1));
                }
            }
        }
        return out;
    }

    /** The rows of {@code table} (one with a {@code meter_id}) that belong to any of these meters. */
    public long rowsOfMeters(String table, java.util.List<Integer> meterIds) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + table + " WHERE meter_id = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("integer", meterIds.toArray()));
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    public long count(String sql, Object... args) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Override
    public void close() throws Exception {
        web.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        jdbc.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        db.close();
    }
}
