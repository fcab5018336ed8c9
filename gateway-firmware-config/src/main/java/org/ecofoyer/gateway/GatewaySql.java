package org.ecofoyer.gateway;

/** Every SQL statement of the gateway registry ({@link GatewayRegistry}), by name. */
final class GatewaySql {
    private GatewaySql() {
    }

    private static final String COLUMNS = "SELECT g.id, m.household_id, m.code, g.meter_serial, g.firmware, g.tic_mode, g.topic,"
            + " g.username, g.password_hash, g.state, g.last_seen, g.created_at FROM gateway g JOIN meter m ON m.id = g.meter_id";

    static final String BY_ID = COLUMNS + " WHERE g.id = ?";

    static final String ALL = COLUMNS + " ORDER BY g.id";

    static final String OF_METER = COLUMNS + " WHERE m.code = ? ORDER BY g.id";

    /** The id, user or topic a new gateway would take from another one, if any: named before anything is written. */
    static final String CLASH = "SELECT id, username, topic FROM gateway WHERE id = ? OR username = ? OR topic = ? LIMIT 1";

    static final String INSERT = """
            INSERT INTO gateway (id, meter_id, meter_serial, firmware, tic_mode, topic, username, password_hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)""";

    static final String SET_PASSWORD = "UPDATE gateway SET password_hash = ?, secret_rotated_at = now() WHERE id = ?";

    static final String DELETE = "DELETE FROM gateway WHERE id = ?";
}
