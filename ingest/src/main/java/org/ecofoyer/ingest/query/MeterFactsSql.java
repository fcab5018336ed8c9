package org.ecofoyer.ingest.query;

/** The statements of {@link MeterFactsQuery} and the export's part of V10_7_0's tables. */
final class MeterFactsSql {
    /** A meter's latest learned subscription; parameter: the meter. */
    static final String LATEST_CONTRACT = "SELECT learned_at, kva, tariff_option, source FROM meter_contract WHERE meter_id = ?"
            + " ORDER BY learned_at DESC LIMIT 1";

    /**
     * The highest of a meter's daily maxima (the meter's total, phase 0) over local days [from, to), the earliest on a
     * tie, with how many days had one; parameters: meter, from, to, meter, from, to.
     */
    static final String HIGHEST_DAILY_MAX = """
            SELECT d.day, d.va, d.reached_at,
                   (SELECT count(*) FROM meter_daily_max n WHERE n.meter_id = ? AND n.phase = 0 AND n.day >= ? AND n.day < ?)
            FROM meter_daily_max d WHERE d.meter_id = ? AND d.phase = 0 AND d.day >= ? AND d.day < ?
            ORDER BY d.va DESC, d.reached_at LIMIT 1
            """;

    static final String COPY_CONTRACTS = "COPY (SELECT m.code AS meter, c.learned_at, c.kva, c.tariff_option, c.source"
            + " FROM meter_contract c JOIN meter m ON m.id = c.meter_id WHERE m.household_id = %s ORDER BY m.code, c.learned_at)"
            + " TO STDOUT WITH (FORMAT csv, HEADER true)";
    static final String COPY_DAILY_MAXIMA = "COPY (SELECT m.code AS meter, d.day, d.phase, d.va, d.reached_at"
            + " FROM meter_daily_max d JOIN meter m ON m.id = d.meter_id WHERE m.household_id = %s ORDER BY m.code, d.day, d.phase)"
            + " TO STDOUT WITH (FORMAT csv, HEADER true)";

    private MeterFactsSql() {
    }
}
