package org.ecofoyer.aggregation.query;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.zip.ZipOutputStream;
import org.ecofoyer.storage.ZipCopy;

/**
 * Aggregation's part of a household's export: its rollups (every bucket and tariff period, quantities and euros) and
 * the per-meter tariff calendar (off-peak windows, register periods). Blocking: run on a worker.
 */
public final class AggregationExport {
    /** The tables this part exports. */
    public static final List<String> TABLES = List.of("rollup", "meter_offpeak", "meter_register_period");

    static final String COPY_ROLLUPS = "COPY (SELECT m.code AS meter, CASE r.granularity WHEN 0 THEN 'half_hour' WHEN 1 THEN 'day'"
            + " WHEN 2 THEN 'month' ELSE 'year' END AS granularity, r.local_start, r.start_at, r.period,"
            + " r.quantity AS quantity_wh_or_litres, r.volume AS gas_volume_litres, r.cost_eur, r.estimated, r.incomplete"
            + " FROM rollup r JOIN meter m ON m.id = r.meter_id WHERE m.household_id = %s"
            + " ORDER BY m.code, r.granularity, r.start_at, r.period) TO STDOUT WITH (FORMAT csv, HEADER true)";
    static final String COPY_OFFPEAK = "COPY (SELECT m.code AS meter, o.valid_from, o.hours FROM meter_offpeak o JOIN meter m"
            + " ON m.id = o.meter_id WHERE m.household_id = %s ORDER BY m.code, o.valid_from) TO STDOUT WITH (FORMAT csv, HEADER true)";
    static final String COPY_REGISTERS = "COPY (SELECT m.code AS meter, p.register, p.period FROM meter_register_period p JOIN meter m"
            + " ON m.id = p.meter_id WHERE m.household_id = %s ORDER BY m.code, p.register) TO STDOUT WITH (FORMAT csv, HEADER true)";

    private AggregationExport() {
    }

    public static void write(Connection c, String householdId, ZipOutputStream zip) throws SQLException, IOException {
        ZipCopy.copy(c, zip, "rollups.csv", COPY_ROLLUPS, householdId);
        ZipCopy.copy(c, zip, "offpeak-hours.csv", COPY_OFFPEAK, householdId);
        ZipCopy.copy(c, zip, "register-periods.csv", COPY_REGISTERS, householdId);
    }
}
