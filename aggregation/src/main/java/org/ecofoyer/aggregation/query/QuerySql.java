package org.ecofoyer.aggregation.query;

/**
 * Every SQL statement of aggregation's queries (the dashboard's reads of rollups, the export's rows), named: on its own
 * tables, joining {@code meter} to scope them by household. Households and meters are looked up through storage's
 * {@code Households} and {@code Meters}.
 */
final class QuerySql {
    private QuerySql() {
    }

    /** Rows of one household, fluid and granularity in [start, end), summed over its meters. */
    static final String SERIES = """
            SELECT r.start_at, r.local_start, r.period, sum(r.quantity) AS quantity,
                   CASE WHEN count(r.cost_eur) = count(*) THEN sum(r.cost_eur) END AS cost,
                   bool_or(r.estimated) AS estimated, bool_or(r.incomplete) AS incomplete
              FROM rollup r JOIN meter m ON m.id = r.meter_id
             WHERE m.household_id = ? AND m.fluid = ? AND r.granularity = ? AND r.start_at >= ? AND r.start_at < ?
             GROUP BY r.start_at, r.local_start, r.period
             ORDER BY r.start_at, r.period""";

    /** Per-period sums of day rows of one household and fluid in [start, end). */
    static final String TOTALS = """
            SELECT r.period, sum(r.quantity) AS quantity,
                   CASE WHEN count(r.cost_eur) = count(*) THEN sum(r.cost_eur) END AS cost,
                   bool_or(r.estimated) AS estimated, count(DISTINCT r.start_at) AS days
              FROM rollup r JOIN meter m ON m.id = r.meter_id
             WHERE m.household_id = ? AND m.fluid = ? AND r.granularity = ? AND r.start_at >= ? AND r.start_at < ?
             GROUP BY r.period""";

    /**
     * The half-hour totals of each electricity day of one household in [start, end), per meter (analyses), in no
     * particular order (the reader adds them up by instant).
     */
    static final String DAY_HALF_HOURS = """
            SELECT r.start_at, r.half_hours
              FROM rollup r JOIN meter m ON m.id = r.meter_id
             WHERE m.household_id = ? AND m.fluid = ? AND r.granularity = ? AND r.start_at >= ? AND r.start_at < ?
               AND r.period = 'total' AND r.half_hours IS NOT NULL""";

    /** One meter's rows of a granularity in [start, end) (export). */
    static final String METER_ROWS = """
            SELECT r.start_at, r.local_start, r.period, r.quantity, r.volume, r.cost_eur, r.estimated, r.incomplete
              FROM rollup r
             WHERE r.meter_id = ? AND r.granularity = ? AND r.start_at >= ? AND r.start_at < ?
             ORDER BY r.start_at, CASE r.period WHEN 'total' THEN 1 WHEN 'subscription' THEN 2 ELSE 0 END, r.period""";

    static final String DEGREE_DAYS = "SELECT day, dju FROM degree_day WHERE zone = ? ORDER BY day";

    static final String DEGREE_DAYS_BETWEEN = "SELECT day, dju FROM degree_day WHERE zone = ? AND day >= ? AND day < ? ORDER BY day";

    static final String DEGREE_DAY_ZONES = "SELECT zone, min(day), max(day), count(*) FROM degree_day GROUP BY zone ORDER BY zone";
}
