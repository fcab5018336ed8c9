package org.ecofoyer.ingest.writer;

/** The statements of {@link MeterFactsStore} (tables of migration V10_7_0). */
final class MeterFactsSql {
    /**
     * A subscription, unless it is the meter's latest already: a restart (empty caches) or a redelivery writes
     * nothing. A value the frame did not tell (null) is the latest one's. Parameters: meter code, kVA, option, meter
     * code, learned at, source. Returns the meter's id when a row was written.
     */
    static final String LEARN_CONTRACT = """
            WITH last AS (
                SELECT c.kva, c.tariff_option FROM meter_contract c JOIN meter m ON m.id = c.meter_id
                WHERE m.code = ? ORDER BY c.learned_at DESC LIMIT 1
            ), next AS (
                SELECT m.id, coalesce(?::smallint, (SELECT kva FROM last)) AS kva,
                       coalesce(?::text, (SELECT tariff_option FROM last)) AS tariff_option
                FROM meter m WHERE m.code = ?
            )
            INSERT INTO meter_contract (meter_id, learned_at, kva, tariff_option, source)
            SELECT n.id, ?, n.kva, n.tariff_option, ? FROM next n
            WHERE NOT EXISTS (SELECT 1 FROM last l WHERE l.kva IS NOT DISTINCT FROM n.kva
                                                     AND l.tariff_option IS NOT DISTINCT FROM n.tariff_option)
            ON CONFLICT (meter_id, learned_at) DO NOTHING
            RETURNING meter_id
            """;

    /**
     * A day's maximum (the local day of the instant it was reached, in the household's zone): a day's maximum only
     * grows (SMAXSN is the highest so far, SMAXSN-1 the final one), so a higher value replaces the stored one and a
     * redelivered lower one changes nothing. Parameters: reached at, phase, VA, reached at, meter code.
     */
    static final String KEEP_MAXIMUM = """
            INSERT INTO meter_daily_max (meter_id, day, phase, va, reached_at)
            SELECT m.id, (?::timestamptz AT TIME ZONE h.timezone)::date, ?, ?, ? FROM meter m JOIN household h ON h.id = m.household_id
            WHERE m.code = ?
            ON CONFLICT (meter_id, day, phase) DO UPDATE SET va = excluded.va, reached_at = excluded.reached_at
            WHERE excluded.va > meter_daily_max.va
            """;

    private MeterFactsSql() {
    }
}
