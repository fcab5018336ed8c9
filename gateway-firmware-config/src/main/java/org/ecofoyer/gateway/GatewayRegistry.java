package org.ecofoyer.gateway;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.ecofoyer.core.Meter;
import org.ecofoyer.core.MeterCode;
import org.ecofoyer.core.MeterKind;
import org.ecofoyer.storage.Meters;
import org.ecofoyer.storage.StorageException;

/**
 * The gateway registry (table {@code gateway}): which gateway feeds which meter, its firmware, topic and broker
 * account. A new gateway, or a rotated secret, gets a random password returned once ({@link Secret}); only its hash
 * is stored. Blocking JDBC on the caller's connection, in its transaction if it has one.
 */
public final class GatewayRegistry {
    /** A gateway to register; {@code meterSerial} null means the meter's code (a Linky added by its TIC serial). */
    public record NewGateway(String id, MeterCode meter, String meterSerial, Firmware firmware, TicMode mode) {
    }

    /** A gateway with the broker password it was just given: the only time the password is known. */
    public record Secret(Gateway gateway, String password) {
    }

    private GatewayRegistry() {
    }

    /** Registers a gateway with a new broker account. */
    public static Secret add(Connection c, NewGateway g) throws SQLException {
        checkId(g.id());
        Meter meter = Meters.byCode(c, g.meter()).orElseThrow(() -> new Refusal("no meter '" + g.meter() + "' (add it first: ecofoyer meter add)"));
        if (meter.kind() != MeterKind.LINKY_TIC) {
            throw new Refusal("meter '" + g.meter() + "' is a " + meter.kind().name().toLowerCase() + " meter, read from its utility:"
                    + " a gateway feeds a Linky read through its TIC (electricity)");
        }
        String serial = g.meterSerial() == null || g.meterSerial().isBlank() ? meter.code().value() : g.meterSerial().strip();
        String topic = g.firmware().topic(g.id(), serial);
        try (PreparedStatement ps = c.prepareStatement(GatewaySql.CLASH)) {
            ps.setString(1, g.id());
            ps.setString(2, g.id());
            ps.setString(3, topic);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    throw new Refusal(rs.getString(1).equals(g.id()) || rs.getString(2).equals(g.id())
                            ? "gateway '" + g.id() + "' exists already"
                            : "topic " + topic + " belongs to gateway '" + rs.getString(1) + "' already (one "
                              + g.firmware().wireName() + " gateway per meter: remove that one first)");
                }
            }
        }
        String password = BrokerPasswords.newPassword();
        try (PreparedStatement ps = c.prepareStatement(GatewaySql.INSERT)) {
            ps.setString(1, g.id());
            ps.setInt(2, meter.id());
            ps.setString(3, serial);
            ps.setString(4, g.firmware().wireName());
            ps.setString(5, g.mode().wireName());
            ps.setString(6, topic);
            ps.setString(7, g.id());
            ps.setString(8, BrokerPasswords.hash(password));
            ps.executeUpdate();
        }
        return new Secret(find(c, g.id()).orElseThrow(), password);
    }

    /** Gives a gateway a new random password; the old one stops working once the broker has the new hash. */
    public static Secret rotateSecret(Connection c, String id) throws SQLException {
        String password = BrokerPasswords.newPassword();
        try (PreparedStatement ps = c.prepareStatement(GatewaySql.SET_PASSWORD)) {
            ps.setString(1, BrokerPasswords.hash(password));
            ps.setString(2, id);
            if (ps.executeUpdate() == 0) {
                throw new Refusal.NotFound("no gateway '" + id + "'");
            }
        }
        return new Secret(find(c, id).orElseThrow(), password);
    }

    /** Sets the TIC mode a gateway is set to read (the installer changed it on the gateway). */
    public static Gateway setMode(Connection c, String id, TicMode mode) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(GatewaySql.SET_MODE)) {
            ps.setString(1, mode.wireName());
            ps.setString(2, id);
            if (ps.executeUpdate() == 0) {
                throw new Refusal("no gateway '" + id + "'");
            }
        }
        return find(c, id).orElseThrow();
    }

    /**
     * Adds what ingest saw on the gateways' topics over one period ({@code traffic}: one entry per topic with something
     * to report), then derives every registered gateway's state at {@code now} ({@link Checklist#state}) and stores
     * those that changed — so that a gateway falls silent in the registry even when nothing arrives. One transaction,
     * one batch of updates per step: ingest calls this every few seconds, never per message.
     *
     * @return the gateways whose state changed, with their new state
     */
    public static List<Gateway> record(Connection c, List<GatewayTraffic> traffic, Instant now) throws SQLException {
        if (!traffic.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(GatewaySql.RECORD)) {
                for (GatewayTraffic t : traffic) {
                    Timestamp seen = t.lastSeen() == null ? null : Timestamp.from(t.lastSeen());
                    ps.setLong(1, t.messages());
                    ps.setLong(2, t.badMessages());
                    ps.setLong(3, t.foreignMessages());
                    ps.setLong(4, t.readingsStored());
                    ps.setTimestamp(5, seen);
                    ps.setTimestamp(6, seen);
                    ps.setInt(7, t.recentMessages());
                    ps.setInt(8, t.recentBadMessages());
                    ps.setString(9, t.modeSeen() == null ? null : t.modeSeen().wireName());
                    ps.setString(10, t.meterSeen());
                    ps.setString(11, t.fault());
                    ps.setString(12, t.fault() == null ? null : t.faultDetail());
                    ps.setTimestamp(13, t.fault() == null ? null : seen);
                    ps.setString(14, t.lastValues() == null || t.lastValues().isEmpty() ? null : GatewayActivity.valuesText(t.lastValues()));
                    ps.setString(15, t.topic());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        List<Gateway> changed = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(GatewaySql.SET_STATE)) {
            for (Gateway g : list(c)) {
                GatewayState state = Checklist.state(g, g.activity(), now);
                if (state != g.state()) {
                    ps.setString(1, state.wireName());
                    ps.setTimestamp(2, Timestamp.from(now));
                    ps.setString(3, g.id());
                    ps.setString(4, state.wireName());
                    ps.addBatch();
                    changed.add(new Gateway(g.id(), g.household(), g.meter(), g.meterSerial(), g.firmware(), g.mode(), g.topic(),
                            g.username(), g.passwordHash(), state, g.lastSeen(), g.createdAt(), g.activity()));
                }
            }
            if (!changed.isEmpty()) {
                ps.executeBatch();
            }
        }
        return changed;
    }

    /**
     * The same in a transaction of its own, for ingest (which keeps no JDBC code of its own).
     *
     * @throws StorageException when the registry cannot be written
     */
    public static List<Gateway> record(DataSource dataSource, List<GatewayTraffic> traffic, Instant now) {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                List<Gateway> changed = record(c, traffic, now);
                c.commit();
                return changed;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new StorageException("cannot record the gateways' activity: " + e.getMessage(), e);
        }
    }

    /** The broker refused the gateway's credentials at {@code at}: its state is bad-credentials until it is seen again. */
    public static void credentialsRefused(Connection c, String id, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(GatewaySql.CREDENTIALS_REFUSED)) {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setString(2, id);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(GatewaySql.SET_STATE)) {
            ps.setString(1, GatewayState.BAD_CREDENTIALS.wireName());
            ps.setTimestamp(2, Timestamp.from(at));
            ps.setString(3, id);
            ps.setString(4, GatewayState.BAD_CREDENTIALS.wireName());
            ps.executeUpdate();
        }
    }

    /** The broker took the gateway's credentials: a refusal recorded before is forgotten (its state follows at ingest's next report). */
    public static void credentialsAccepted(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(GatewaySql.CREDENTIALS_ACCEPTED)) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
    }

    /** Removes a gateway (its broker account goes at the next export). Whether there was one. */
    public static boolean remove(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(GatewaySql.DELETE)) {
            ps.setString(1, id);
            return ps.executeUpdate() > 0;
        }
    }

    public static Optional<Gateway> find(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(GatewaySql.BY_ID)) {
            ps.setString(1, id);
            List<Gateway> found = read(ps);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }
    }

    /** Every gateway, by id. */
    public static List<Gateway> list(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(GatewaySql.ALL)) {
            return read(ps);
        }
    }

    /** The gateways feeding a meter. */
    public static List<Gateway> ofMeter(Connection c, MeterCode meter) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(GatewaySql.OF_METER)) {
            ps.setString(1, meter.value());
            return read(ps);
        }
    }

    /** What ingest's binding routes by: every registered gateway's topic, meter and format. */
    public static List<GatewayConfig> configs(Connection c) throws SQLException {
        return list(c).stream().map(Gateway::config).toList();
    }

    /**
     * The same on a connection of its own, for a reader outside any transaction (ingest's binding, which keeps no JDBC
     * code of its own).
     *
     * @throws StorageException when the registry cannot be read
     */
    public static List<GatewayConfig> configs(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return configs(c);
        } catch (SQLException e) {
            throw new StorageException("cannot read the gateway registry: " + e.getMessage(), e);
        }
    }

    /**
     * A gateway id is its broker user name and part of its topic: letters, digits, {@code - _ .}, 3 to 40 of them —
     * nothing that MQTT topics ({@code / + #}), Mosquitto's files ({@code :}, spaces) or a firmware's console would
     * read differently.
     */
    static void checkId(String id) {
        if (id == null || !id.matches("[A-Za-z0-9][A-Za-z0-9._-]{2,39}")) {
            throw new Refusal("gateway id: expected 3 to 40 letters, digits, '-', '_' or '.', starting with a letter or digit, got '" + id + "'");
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static List<Gateway> read(PreparedStatement ps) throws SQLException {
        List<Gateway> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Instant seen = instant(rs, 11);
                String modeSeen = rs.getString(20);
                GatewayActivity activity = new GatewayActivity(instant(rs, 13), seen, rs.getLong(14), rs.getLong(15),
                        rs.getLong(16), rs.getLong(17), rs.getInt(18), rs.getInt(19), modeSeen == null ? null : TicMode.parse(modeSeen),
                        rs.getString(21), rs.getString(22), rs.getString(23), instant(rs, 24), instant(rs, 25),
                        GatewayActivity.parseValues(rs.getString(26)));
                out.add(new Gateway(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        Firmware.parse(rs.getString(5)), TicMode.parse(rs.getString(6)), rs.getString(7), rs.getString(8),
                        rs.getString(9), GatewayState.parse(rs.getString(10)), seen,
                        rs.getTimestamp(12).toInstant(), activity));
            }
        }
        return out;
    }
}
