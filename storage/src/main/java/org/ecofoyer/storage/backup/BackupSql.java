package org.ecofoyer.storage.backup;

/**
 * The statements of backup and restore. They name no table of any module: every table is discovered from the catalog
 * (so a table a later migration adds is in the next backup without a change here); only Flyway's own history is named.
 */
final class BackupSql {
    private BackupSql() {
    }

    /** Flyway's history: restored by migrating, not copied. */
    static final String FLYWAY_HISTORY = "flyway_schema_history";

    /**
     * The tables of the store's schema: ordinary and partitioned (a hypertable is an ordinary table whose rows are in
     * chunks of TimescaleDB's own schema), no partition, no extension's table.
     */
    static final String TABLES = "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition"
            + " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid"
            + " AND d.deptype = 'e') ORDER BY c.relname";

    /** Any relation at all in the schema (tables, views, sequences...): a store to restore into must have none. */
    static final String ANY_RELATION = "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')"
            + " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid"
            + " AND d.deptype = 'e') ORDER BY c.relname LIMIT 6";

    /** A table's columns that hold data (generated columns are computed again on restore), in order. */
    static final String COLUMNS = "SELECT a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
            + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relname = ?"
            + " AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '' ORDER BY a.attnum";

    /** Foreign keys between the schema's tables: (referencing, referenced). */
    static final String FOREIGN_KEYS = "SELECT src.relname, dst.relname FROM pg_constraint k"
            + " JOIN pg_class src ON src.oid = k.conrelid JOIN pg_class dst ON dst.oid = k.confrelid"
            + " JOIN pg_namespace n ON n.oid = src.relnamespace WHERE k.contype = 'f' AND n.nspname = current_schema()";

    /** Sequences of the schema (identity and serial columns' too). */
    static final String SEQUENCES = "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE n.nspname = current_schema() AND c.relkind = 'S' ORDER BY c.relname";

    /** Where a sequence stands: its last value and whether that value was handed out (pg_dump keeps both too). */
    static String sequenceState(String quotedSequence) {
        return "SELECT last_value, is_called FROM " + quotedSequence;
    }

    static final String SET_SEQUENCE = "SELECT setval((quote_ident(current_schema()) || '.' || quote_ident(?))::regclass, ?, ?)";

    /** The versions Flyway applied successfully, with their descriptions. */
    static final String APPLIED_MIGRATIONS = "SELECT version, description FROM " + FLYWAY_HISTORY
            + " WHERE success AND version IS NOT NULL ORDER BY installed_rank";

    static final String TIMESCALE_VERSION = "SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'";

    static final String SERVER_VERSION = "SHOW server_version";

    /**
     * One consistent view of every table: the snapshot is taken by the first query after the locks (LOCK TABLE takes
     * none), so no table can be dropped or altered, nor a chunk dropped by the retention, between snapshot and copy.
     * Writes go on meanwhile (ACCESS SHARE blocks only ACCESS EXCLUSIVE); pg_dump works the same way.
     */
    static final String BEGIN_SNAPSHOT = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";

    /** Text COPY spells values by these settings: fixed, so that a backup's bytes and checksums do not depend on the server's. */
    static final String[] COPY_SETTINGS = {
            "SET LOCAL TimeZone = 'UTC'", "SET LOCAL DateStyle = 'ISO, YMD'", "SET LOCAL IntervalStyle = 'postgres'",
            "SET LOCAL extra_float_digits = 3", "SET LOCAL bytea_output = 'hex'"};

    static String lockShared(String quotedTables) {
        return "LOCK TABLE " + quotedTables + " IN ACCESS SHARE MODE";
    }

    /** Every row of a table, through a query: COPY of a hypertable's name alone gives none of its chunks' rows. */
    static String copyOut(String table, String columns) {
        return "COPY (SELECT " + columns + " FROM " + table + ") TO STDOUT";
    }

    static String copyIn(String table, String columns) {
        return "COPY " + table + " (" + columns + ") FROM STDIN";
    }

    static String truncate(String quotedTables) {
        return "TRUNCATE " + quotedTables;
    }
}
