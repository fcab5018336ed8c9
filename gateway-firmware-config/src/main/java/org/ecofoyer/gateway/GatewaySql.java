package org.ecofoyer.gateway;

/** Every SQL statement of the gateway registry ({@link GatewayRegistry}), by name. */
final class GatewaySql {
    private GatewaySql() {
    }

    private static final String COLUMNS = "SELECT g.id, m.household_id, m.code, g.meter_serial, g.firmware, g.tic_mode, g.topic,"
            + " g.username, g.password_hash, g.state, g.last_seen, g.created_at,"
            + " g.first_seen, g.messages, g.bad_messages, g.foreign_messages, g.readings_stored, g.recent_messages,"
            + " g.recent_bad_messages, g.mode_seen, g.meter_seen, g.last_fault, g.last_fault_detail, g.last_fault_at,"
            + " g.credentials_refused_at, g.last_values FROM gateway g JOIN meter m ON m.id = g.meter_id";

    static final String BY_ID = COLUMNS + " WHERE g.id = ?";

    static final String ALL = COLUMNS + " ORDER BY g.id";

    static final String OF_METER = COLUMNS + " WHERE m.code = ? ORDER BY g.id";

    /** The id, user or topic a new gateway would take from another one, if any: named before anything is written. */
    static final String CLASH = "SELECT id, username, topic FROM gateway WHERE id = ? OR username = ? OR topic = ? LIMIT 1";

    static final String INSERT = """
            INSERT INTO gateway (id, meter_id, meter_serial, firmware, tic_mode, topic, username, password_hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)""";

    static final String SET_PASSWORD = "UPDATE gateway SET password_hash = ?, secret_rotated_at = now() WHERE id = ?";

    static final String SET_MODE = "UPDATE gateway SET tic_mode = ? WHERE id = ?";

    /**
     * What ingest saw on a gateway's topic over one period, added to its counts (one statement per gateway, batched:
     * never one per message). The last-minute figures replace the stored ones; a mode, meter id or fault not seen in
     * the period leaves the stored one.
     */
    static final String RECORD = """
            UPDATE gateway SET messages = messages + ?, bad_messages = bad_messages + ?, foreign_messages = foreign_messages + ?,
                   readings_stored = readings_stored + ?,
                   first_seen = COALESCE(first_seen, ?), last_seen = GREATEST(last_seen, ?),
                   recent_messages = ?, recent_bad_messages = ?,
                   mode_seen = COALESCE(?, mode_seen), meter_seen = COALESCE(?, meter_seen),
                   last_fault = COALESCE(?, last_fault), last_fault_detail = COALESCE(?, last_fault_detail),
                   last_fault_at = COALESCE(?, last_fault_at), last_values = COALESCE(?, last_values)
             WHERE topic = ?""";

    /** A derived state that changed (PostgreSQL skips the row when it did not). */
    static final String SET_STATE = "UPDATE gateway SET state = ?, state_changed_at = ? WHERE id = ? AND state <> ?";

    /** The broker refused the gateway's credentials (found by a client that tried them: {@code gateway watch}). */
    static final String CREDENTIALS_REFUSED = "UPDATE gateway SET credentials_refused_at = ? WHERE id = ?";

    /** The broker took the gateway's credentials: a refusal recorded before no longer holds. */
    static final String CREDENTIALS_ACCEPTED = "UPDATE gateway SET credentials_refused_at = NULL WHERE id = ?";

    static final String DELETE = "DELETE FROM gateway WHERE id = ?";
}
