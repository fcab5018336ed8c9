package db.migration.aggregation;

import java.sql.Statement;
import org.ecofoyer.aggregation.store.Recompute;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Adds {@code rollup.half_hours}: on an electricity day's {@code total} row, the Wh of each of its half-hours (element
 * 1 = the day's first half-hour; 46, 48 or 50 elements; NULL for a half-hour without data), which the analyses read
 * instead of 48 half-hour rows a day. Rows computed before this version get theirs from their half-hour rows.
 */
public class V20_2_1__Day_half_hours extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        try (Statement st = context.getConnection().createStatement()) {
            st.execute("ALTER TABLE rollup ADD COLUMN half_hours bigint[]");
        }
        Recompute.fillDayHalfHours(context.getConnection());
    }
}
