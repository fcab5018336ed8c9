package db.migration.aggregation;

import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Adds {@code rollup.half_hours}: on an electricity day's {@code total} row, the Wh of each of its half-hours (element
 * 1 = the day's first half-hour; 46, 48 or 50 elements; NULL for a half-hour without data), which the analyses read
 * instead of 48 half-hour rows a day. Rows computed before this version get theirs from their half-hour rows.
 *
 * <p>Self-contained by rule (docs/architecture.md, "Upgrades"): the statements are frozen here as they were at this
 * version, not taken from the application ({@code RollupSql.FILL_DAY_HALF_HOURS} is the application's own copy, free
 * to change), so that a database upgraded from any older release gets the same result. JDK, Flyway and JDBC only.
 */
public class V20_2_1__Day_half_hours extends BaseJavaMigration {
    static final String ADD_COLUMN = "ALTER TABLE rollup ADD COLUMN half_hours bigint[]";

    /** A day's half-hours are its UTC half-hours from its start to the next local midnight (46, 48 or 50 of them). */
    static final String FILL = """
            UPDATE rollup d SET half_hours = f.arr
              FROM (SELECT d2.meter_id, d2.start_at, array_agg(h.quantity ORDER BY s.k) AS arr
                      FROM rollup d2
                      JOIN meter m ON m.id = d2.meter_id AND m.fluid = 'ELECTRICITY'
                      JOIN household hh ON hh.id = m.household_id
                     CROSS JOIN LATERAL generate_series(0, (extract(epoch FROM ((d2.local_start + interval '1 day')
                                AT TIME ZONE hh.timezone) - d2.start_at) / 1800)::int - 1) s(k)
                      LEFT JOIN rollup h ON h.meter_id = d2.meter_id AND h.granularity = 0 AND h.period = 'total'
                                        AND h.start_at = d2.start_at + s.k * interval '30 minutes'
                     WHERE d2.granularity = 1 AND d2.period = 'total' AND d2.half_hours IS NULL
                     GROUP BY d2.meter_id, d2.start_at
                    HAVING count(h.quantity) > 0) f
             WHERE d.meter_id = f.meter_id AND d.granularity = 1 AND d.period = 'total' AND d.start_at = f.start_at""";

    @Override
    public void migrate(Context context) throws Exception {
        try (Statement st = context.getConnection().createStatement()) {
            st.execute(ADD_COLUMN);
            st.executeUpdate(FILL);
        }
    }
}
