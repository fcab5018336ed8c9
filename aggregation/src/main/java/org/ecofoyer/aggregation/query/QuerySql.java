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

    /**
     * The estimated part of each bucket of a series, from the finer rows inside it (the half-hours of a day, the days
     * of a month or year): {@code ?} is the finer granularity's code and the date_trunc unit of the buckets.
     */
    static final String ESTIMATED_BY_BUCKET = """
            SELECT date_trunc(?, r.local_start) AS bucket, sum(r.quantity) AS estimated
              FROM rollup r JOIN meter m ON m.id = r.meter_id
             WHERE m.household_id = ? AND m.fluid = ? AND r.granularity = ? AND r.start_at >= ? AND r.start_at < ?
               AND r.period = 'total' AND r.estimated
             GROUP BY 1""";

    /** Per-period sums of day rows of one household and fluid in [start, end). */
    static final String TOTALS = """
            SELECT r.period, sum(r.quantity) AS quantity,
                   CASE WHEN count(r.cost_eur) = count(*) THEN sum(r.cost_eur) END AS cost,
                   bool_or(r.estimated) AS estimated, count(DISTINCT r.start_at) AS days,
                   coalesce(sum(r.quantity) FILTER (WHERE r.estimated), 0) AS estimated_quantity,
                   min(r.local_start) FILTER (WHERE r.cost_eur IS NULL) AS unpriced_from,
                   max(r.local_start) FILTER (WHERE r.cost_eur IS NULL) AS unpriced_to
              FROM rollup r JOIN meter m ON m.id = r.meter_id
             WHERE m.household_id = ? AND m.fluid = ? AND r.granularity = ? AND r.start_at >= ? AND r.start_at < ?
             GROUP BY r.period""";

    /**
     * The complete half-hours of a range (every meter of the fluid that has the half-hour done with it), in order: where
     * today's data end, for the overview's cut at the last complete half-hour.
     */
    static final String COMPLETE_HALF_HOURS = """
            SELECT r.start_at
              FROM rollup r JOIN meter m ON m.id = r.meter_id
             WHERE m.household_id = ? AND m.fluid = ? AND r.granularity = 0 AND r.period = 'total'
               AND r.start_at >= ? AND r.start_at < ?
             GROUP BY r.start_at
            HAVING NOT bool_or(r.incomplete)
             ORDER BY r.start_at""";

    /**
     * The last local day before a date whose day rows are all complete (no meter of the fluid still waiting for part
     * of it), for the overview's equal spans; null when there is none.
     */
    static final String LAST_COMPLETE_DAY = """
            SELECT max(d.local_start) FROM (
                SELECT r.local_start
                  FROM rollup r JOIN meter m ON m.id = r.meter_id
                 WHERE m.household_id = ? AND m.fluid = ? AND r.granularity = 1 AND r.period = 'total'
                   AND r.local_start >= ? AND r.local_start < ?
                 GROUP BY r.local_start
                HAVING NOT bool_or(r.incomplete)) d""";

    /**
     * Day rows whose consumption or subscription has no price, per meter (the operator's list of prices to add):
     * the unpriced period rows, the unpriced total rows of meters that have no period rows (water, gas), and a
     * {@code subscription} line for each day with data but no subscription row. Optionally one household's.
     */
    static final String UNPRICED_DAYS = """
            SELECT m.code, m.household_id, m.fluid, m.tariff_option, m.subscribed_kva, r.local_start, r.period, m.id
              FROM rollup r JOIN meter m ON m.id = r.meter_id
             WHERE r.granularity = 1 AND r.cost_eur IS NULL AND r.period <> 'subscription' AND (? IS NULL OR m.household_id = ?)
               AND (r.period <> 'total' OR NOT EXISTS (SELECT 1 FROM rollup p WHERE p.meter_id = r.meter_id
                        AND p.granularity = 1 AND p.start_at = r.start_at AND p.period NOT IN ('total', 'subscription')))
            UNION ALL
            SELECT m.code, m.household_id, m.fluid, m.tariff_option, m.subscribed_kva, r.local_start, 'subscription', m.id
              FROM rollup r JOIN meter m ON m.id = r.meter_id
             WHERE r.granularity = 1 AND r.period = 'total' AND (? IS NULL OR m.household_id = ?)
               AND NOT EXISTS (SELECT 1 FROM rollup s WHERE s.meter_id = r.meter_id AND s.granularity = 1
                        AND s.start_at = r.start_at AND s.period = 'subscription')
             ORDER BY 1, 7, 6""";

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
