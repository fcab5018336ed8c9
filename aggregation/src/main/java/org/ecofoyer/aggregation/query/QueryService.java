package org.ecofoyer.aggregation.query;

import io.vertx.core.Future;
import java.time.LocalDate;
import java.util.List;
import org.ecofoyer.aggregation.maths.Analysis;
import org.ecofoyer.aggregation.maths.DegreeDayCorrection;
import org.ecofoyer.aggregation.maths.MissingPrice;
import org.ecofoyer.aggregation.maths.Totals;
import org.ecofoyer.core.Fluid;
import org.ecofoyer.storage.Jdbc;

/**
 * The query service the dashboard reads: series, totals, comparisons and analyses of one household, answered from
 * rollups only (never by scanning raw readings), on the JDBC worker pool. Every method takes the household id and
 * reads only that household's meters: authorisation (who may ask for which household) is the caller's job.
 * An unknown household fails the future with {@link java.util.NoSuchElementException}; a bad argument with
 * {@link IllegalArgumentException}.
 */
public final class QueryService {
    private final Jdbc jdbc;

    public QueryService(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Which fluids the household has meters for. */
    public Future<List<Fluid>> fluids(String householdId) {
        return jdbc.run(c -> new RollupReader(c).fluids(householdId));
    }

    /** Buckets of one fluid at one granularity over [from, to) local dates, with their totals. */
    public Future<Series> series(SeriesQuery query) {
        return jdbc.run(c -> new RollupReader(c).series(query));
    }

    /** Sums over [from, to) local dates. */
    public Future<Totals> totals(String householdId, Fluid fluid, LocalDate from, LocalDate to) {
        return jdbc.run(c -> new RollupReader(c).totals(householdId, fluid, from, to));
    }

    /** Sums of the half-hour rows over [from, to) local date-times ({@code days} counts half-hours). */
    public Future<Totals> halfHourTotals(String householdId, Fluid fluid, java.time.LocalDateTime from, java.time.LocalDateTime to) {
        return jdbc.run(c -> new RollupReader(c).halfHourTotals(householdId, fluid, from, to));
    }

    /** Where today's complete half-hourly data end (local time), or null: the overview's cut. */
    public Future<java.time.LocalTime> halfHourCut(String householdId, Fluid fluid, LocalDate today) {
        return jdbc.run(c -> new RollupReader(c).halfHourCut(householdId, fluid, today));
    }

    /** The last local day before {@code today} whose data is complete for the fluid, or null (none in the last 400 days). */
    public Future<LocalDate> lastCompleteDay(String householdId, Fluid fluid, LocalDate today) {
        return jdbc.run(c -> new RollupReader(c).lastCompleteDay(householdId, fluid, today));
    }

    /** The household's days whose consumption or subscription has no price, as ranges per meter and price. */
    public Future<List<MissingPrice>> missingPrices(String householdId) {
        return jdbc.run(c -> new RollupReader(c).missingPrices(householdId));
    }

    /** [from, to) vs the period of the same length just before, and vs the same dates a year before. */
    public Future<Comparison> compare(String householdId, Fluid fluid, LocalDate from, LocalDate to) {
        return jdbc.run(c -> new RollupReader(c).compare(householdId, fluid, from, to));
    }

    /** Electricity analyses over [from, to): baseline, peak, period shares, weekday/weekend profiles, day × hour. */
    public Future<Analysis> analyse(String householdId, LocalDate from, LocalDate to) {
        return jdbc.run(c -> new RollupReader(c).analyse(householdId, from, to));
    }

    /** Degree-day corrected consumption over [from, to) against the DJU series of {@code djuZone} ("default"). */
    public Future<DegreeDayCorrection> degreeDays(String householdId, Fluid fluid, LocalDate from, LocalDate to, String djuZone) {
        return jdbc.run(c -> new RollupReader(c).degreeDays(householdId, fluid, from, to, djuZone));
    }
}
