package org.ecofoyer.aggregation.store;

import org.ecofoyer.core.Channels;
import org.ecofoyer.ingest.query.Readings;

/**
 * Every SQL statement of the recompute, prices and calendars (aggregation's store), named, in one place: on its own
 * tables, joining {@code meter} and {@code household} to scope them. Raw readings are read through ingest's
 * {@code ingest.query}, meters and households looked up through storage's {@code Meters} and {@code Households}.
 */
final class RollupSql {
    private RollupSql() {
    }

    /**
     * Fills the half-hour arrays of electricity day rows that have none, from their half-hour rows (rows written before
     * V20_2_1, or by hand). The day's half-hours are its UTC half-hours from its start to the next local midnight.
     */
    static final String FILL_DAY_HALF_HOURS = """
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

    // --- recompute -------------------------------------------------------------------------------------------------

    static final String TRY_LOCK_METER = "SELECT pg_try_advisory_xact_lock(20, ?)";

    static final String COPY_ROLLUP = "COPY rollup (meter_id, granularity, start_at, local_start, period, quantity, volume,"
            + " cost_eur, estimated, incomplete, half_hours) FROM STDIN";

    static final String DELETE_ROLLUPS_FROM = "DELETE FROM rollup WHERE meter_id = ? AND granularity = ? AND start_at >= ?";

    /** One meter's stored half-hours per period (not the totals) in [start, end): the part of a day not recomputed. */
    static final String HALF_HOURS_BETWEEN = """
            SELECT start_at, period, quantity, cost_eur, estimated FROM rollup
             WHERE meter_id = ? AND granularity = 0 AND start_at >= ? AND start_at < ? AND period <> 'total'""";

    /**
     * One meter's stored days with a daily value only (no half-hour totals: a utility's daily energy, gas, water) whose
     * start is in [start, end): their total, volume and flag, kept before the raw horizon.
     */
    static final String DAILY_ONLY_DAYS_BETWEEN = """
            SELECT local_start, quantity, volume, estimated FROM rollup
             WHERE meter_id = ? AND granularity = 1 AND period = 'total' AND half_hours IS NULL AND start_at >= ? AND start_at < ?""";

    static final String DELETE_ROLLUPS_COARSE_FROM = "DELETE FROM rollup WHERE meter_id = ? AND granularity = ? AND local_start >= ?";

    /**
     * Months or years as sums of day rows, from a local start on. A month or year is incomplete when one of its days is,
     * or when it has fewer days with data than days (a day missing entirely; also the month under way).
     * Parameters: unit ('month' or 'year'), meter, from, granularity, zone, length ('1 month' or '1 year').
     */
    static final String INSERT_COARSE_FROM_DAYS = """
            INSERT INTO rollup (meter_id, granularity, start_at, local_start, period, quantity, volume, cost_eur, estimated, incomplete)
            WITH d AS (SELECT meter_id, date_trunc(?, local_start) AS b, local_start, period, quantity, volume, cost_eur,
                              estimated, incomplete
                         FROM rollup WHERE meter_id = ? AND granularity = 1 AND local_start >= ?),
                 n AS (SELECT b, count(DISTINCT local_start) AS days FROM d GROUP BY b)
            SELECT d.meter_id, ?, d.b AT TIME ZONE ?, d.b, d.period, sum(d.quantity), sum(d.volume),
                   CASE WHEN count(d.cost_eur) = count(*) THEN sum(d.cost_eur) END, bool_or(d.estimated),
                   bool_or(d.incomplete) OR n.days < ((d.b + ?::interval)::date - d.b::date)
              FROM d JOIN n ON n.b = d.b
             GROUP BY d.meter_id, d.b, d.period, n.days""";

    static final String OFFPEAK = "SELECT valid_from, hours FROM meter_offpeak WHERE meter_id = ? ORDER BY valid_from";

    static final String REGISTER_PERIODS = "SELECT register, period FROM meter_register_period WHERE meter_id = ?";

    /**
     * The Tempo colours announced by a meter since an instant, as Tempo days (06:00 → 06:00 local, labelled with the
     * date they start; tomorrow's colour is for the next one), the latest announcement per day winning, written only
     * where new or changed. Returns the days written. Parameters: meter, since (ingest's query of the readings, which
     * ingest owns, embedded: one statement).
     */
    static final String LEARN_TEMPO = """
            WITH announced AS (
                SELECT DISTINCT ON (day) day, colour FROM (
                    SELECT ((r.instant AT TIME ZONE h.timezone) - interval '6 hours')::date
                               + CASE r.channel WHEN 'tempo.tomorrow' THEN 1 ELSE 0 END AS day,
                           CASE r.value WHEN 1 THEN 'BLUE' WHEN 2 THEN 'WHITE' WHEN 3 THEN 'RED' END AS colour,
                           r.instant, r.channel
                      FROM (""" + Readings.ofChannelsSince(Channels.TEMPO_TODAY, Channels.TEMPO_TOMORROW) + """
            ) r JOIN meter m ON m.id = r.meter_id JOIN household h ON h.id = m.household_id
                     WHERE r.value BETWEEN 1 AND 3) a
                 ORDER BY day, instant DESC, channel = 'tempo.today' DESC)
            INSERT INTO tempo_day (day, colour) SELECT day, colour FROM announced ORDER BY day
            ON CONFLICT (day) DO UPDATE SET colour = excluded.colour WHERE tempo_day.colour <> excluded.colour
            RETURNING day, colour""";

    static final String EJP_DAYS = "SELECT day FROM ejp_day WHERE day >= ? AND day < ?";

    static final String ADD_EJP_DAY = "INSERT INTO ejp_day (day) VALUES (?) ON CONFLICT DO NOTHING";

    /**
     * The EJP peak days announced by a meter since an instant: {@code ejp.peak} 1 (in a peak period, 07:00 → 01:00:
     * the day of the instant one hour earlier) or 2 (notice, given at 06:30: the day of the instant one hour later);
     * new days only. Parameters: meter, since (ingest's query of the readings embedded, as in {@link #LEARN_TEMPO}).
     */
    static final String LEARN_EJP = """
            INSERT INTO ejp_day (day)
            SELECT DISTINCT ((r.instant AT TIME ZONE h.timezone)
                             + CASE r.value WHEN 1 THEN interval '-1 hour' ELSE interval '1 hour' END)::date
              FROM (""" + Readings.ofChannelsSince(Channels.EJP_PEAK) + """
            ) r JOIN meter m ON m.id = r.meter_id JOIN household h ON h.id = m.household_id
             WHERE r.value IN (1, 2)
             ORDER BY 1
            ON CONFLICT DO NOTHING
            RETURNING day""";

    /** Every EJP meter, from the start of a local date in its household's zone (to mark). Parameter: the date. */
    static final String EJP_METERS_FROM_DAY = """
            SELECT m.id, (?::date)::timestamp AT TIME ZONE h.timezone FROM meter m JOIN household h ON h.id = m.household_id
             WHERE m.fluid = 'ELECTRICITY' AND upper(coalesce(m.tariff_option, '')) LIKE 'EJP%'""";

    /** Every Tempo meter, from 06:00 of a Tempo day (its start) in its household's zone (to mark). Parameter: the day. */
    static final String TEMPO_METERS_FROM_DAY = """
            SELECT m.id, (?::date + time '06:00') AT TIME ZONE h.timezone FROM meter m JOIN household h ON h.id = m.household_id
             WHERE m.fluid = 'ELECTRICITY' AND upper(coalesce(m.tariff_option, '')) IN ('TEMPO', 'BBR')""";

    static final String TEMPO_DAYS = "SELECT day, colour FROM tempo_day WHERE day >= ? AND day < ?";

    static final String PRICES = """
            SELECT fluid, tariff_option, component, period, kva, valid_from, valid_to, amount, source
              FROM price WHERE fluid = ? ORDER BY valid_from""";

    static final String UPSERT_PRICE = """
            INSERT INTO price (fluid, tariff_option, component, period, kva, valid_from, valid_to, amount, source)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (fluid, tariff_option, component, period, kva, valid_from)
            DO UPDATE SET valid_to = excluded.valid_to, amount = excluded.amount, source = excluded.source""";

    static final String SEED_PRICE = """
            INSERT INTO price (fluid, tariff_option, component, period, kva, valid_from, valid_to, amount, source)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (fluid, tariff_option, component, period, kva, valid_from) DO NOTHING""";
}
