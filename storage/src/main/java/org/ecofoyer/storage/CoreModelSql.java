package org.ecofoyer.storage;

/** Every SQL statement of the core-model owners ({@link Households}, {@link Meters}, {@link RecomputeMarks}), the
 * connection settings of {@link LongOperations} and the replica check of {@link ReplicaReads}, by name. */
final class CoreModelSql {
    private CoreModelSql() {
    }

    // --- connection settings ({@link LongOperations}) ---------------------------------------------------------------
    /** For work allowed to run long: no server-side limit on this session's statements. */
    static final String NO_STATEMENT_TIMEOUT = "SET statement_timeout = 0";
    /** Back to the pool's limit (the value of the connection's {@code options}). */
    static final String RESET_STATEMENT_TIMEOUT = "RESET statement_timeout";

    // --- read replica ({@link ReplicaReads}) ---------------------------------------------------------------------------
    /** The primary's WAL position now: the fence a replica must have replayed. */
    static final String PRIMARY_LSN = "SELECT pg_current_wal_insert_lsn()::text";
    /** On the replica: whether it has replayed up to the fence (false on a primary: the URL is no replica). */
    static final String REPLAYED_UP_TO = "SELECT coalesce(pg_last_wal_replay_lsn() >= ?::pg_lsn, false)";

    // --- households ------------------------------------------------------------------------------------------------

    static final String HOUSEHOLD_COLUMNS = "id, name, timezone, surface_m2, occupants, heating, created_at, heating_energy,"
            + " heating_system, hot_water, construction_period, postcode, weather_station";
    static final String HOUSEHOLD = "SELECT " + HOUSEHOLD_COLUMNS + " FROM household WHERE id = ?";
    /** The households among some ids, with their profiles (similar homes). */
    static final String HOUSEHOLDS_WITH_PROFILE = "SELECT " + HOUSEHOLD_COLUMNS + " FROM household WHERE id = ANY (?) ORDER BY id";
    static final String SET_PROFILE = "UPDATE household SET surface_m2 = ?, occupants = ?, heating_energy = ?, heating_system = ?,"
            + " hot_water = ?, construction_period = ?, postcode = ?, weather_station = ? WHERE id = ?";

    static final String HOUSEHOLD_EXISTS = "SELECT 1 FROM household WHERE id = ?";

    /** Erasure: the database's cascades and triggers remove what every module stored about the household. */
    static final String DELETE_HOUSEHOLD = "DELETE FROM household WHERE id = ?";

    /** A new household with its zone; an id already there is left as it is (and reported by the row count). */
    static final String ADD_HOUSEHOLD = "INSERT INTO household (id, name, timezone) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING";

    static final String HOUSEHOLDS = "SELECT " + HOUSEHOLD_COLUMNS + " FROM household ORDER BY id";

    // --- meters ----------------------------------------------------------------------------------------------------

    private static final String METER_COLUMNS = "SELECT m.id, m.code, m.household_id, m.fluid, m.kind, m.external_id,"
            + " m.tariff_option, m.subscribed_kva, h.timezone, m.created_at FROM meter m JOIN household h ON h.id = m.household_id";

    static final String METER_BY_CODE = METER_COLUMNS + " WHERE m.code = ?";

    static final String METER_BY_ID = METER_COLUMNS + " WHERE m.id = ?";

    /** The meter, its row locked against deletion until commit (for a writer of rows that have no foreign key to it). */
    static final String METER_BY_ID_LOCKED = METER_BY_ID + " FOR KEY SHARE OF m";

    /** Meter code → id only: the ingest writer resolves the codes of every batch's readings (cached). */
    static final String METER_IDS = "SELECT code, id FROM meter WHERE code = ANY (?)";

    static final String METERS_BY_CODES = METER_COLUMNS + " WHERE m.code = ANY (?)";

    static final String METER_BY_EXTERNAL_ID = METER_COLUMNS + " WHERE m.fluid = ? AND m.external_id = ?";

    static final String METERS_OF_HOUSEHOLD = METER_COLUMNS + " WHERE m.household_id = ? ORDER BY m.fluid, m.code";

    static final String CODES_OF_KINDS = "SELECT code FROM meter WHERE kind = ANY (?) ORDER BY code";

    static final String HOUSEHOLDS_AMONG = "SELECT id FROM household WHERE id = ANY (?)";

    static final String CREATE_HOUSEHOLD = "INSERT INTO household (id, name) VALUES (?, ?) ON CONFLICT (id) DO NOTHING";

    /**
     * The first meter that already holds the (fluid, external id) of one of the meters to register, other than that
     * meter itself. Parameters: codes, fluids, external ids (arrays of the same length).
     */
    static final String EXTERNAL_ID_HOLDER = """
            SELECT m.fluid, m.external_id, m.household_id, m.code
              FROM unnest(?::text[], ?::text[], ?::text[]) AS u(code, fluid, external_id)
              JOIN meter m ON m.fluid = u.fluid AND m.external_id = u.external_id AND m.code <> u.code
             LIMIT 1""";

    /** Registers meters in one statement; a code already there is left as it is. */
    static final String REGISTER_METERS = """
            INSERT INTO meter (code, household_id, fluid, kind, external_id, tariff_option, subscribed_kva)
            SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[])
            ON CONFLICT (code) DO NOTHING""";

    /** Removes a meter: its readings, events and rollups go with it (cascades and triggers). */
    static final String DELETE_METER = "DELETE FROM meter WHERE code = ?";

    static final String SET_TARIFF_OPTION = "UPDATE meter SET tariff_option = ? WHERE id = ?";

    // --- recompute marks -------------------------------------------------------------------------------------------

    /**
     * What every mark does to a meter already marked: keep the earliest instant, and move {@code marked_at} (the clock,
     * not the transaction's start: a second mark in the same transaction moves it too), so that a recompute that read
     * the older mark does not clear this one.
     */
    static final String MARK_CONFLICT = " ON CONFLICT (meter_id) DO UPDATE SET since = least(reading_dirty.since, excluded.since),"
            + " marked_at = clock_timestamp()";

    static final String MARK_ONE = "VALUES (?, ?)";

    static final String METERS_OF_FLUID = "SELECT id, ? FROM meter WHERE fluid = ?";

    static final String DIRTY = "SELECT meter_id, since, marked_at FROM reading_dirty ORDER BY since LIMIT ?";

    static final String MARK_OF = "SELECT meter_id, since, marked_at FROM reading_dirty WHERE meter_id = ?";

    /** Clears a mark only if nobody marked the meter again since it was read. */
    static final String CLEAR_IF_UNCHANGED = "DELETE FROM reading_dirty WHERE meter_id = ? AND marked_at = ?";
}
