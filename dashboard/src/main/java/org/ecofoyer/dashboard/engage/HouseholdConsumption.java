package org.ecofoyer.dashboard.engage;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import org.ecofoyer.aggregation.maths.Granularity;
import org.ecofoyer.aggregation.maths.SeriesPoint;
import org.ecofoyer.aggregation.maths.Totals;
import org.ecofoyer.aggregation.query.RollupReader;
import org.ecofoyer.aggregation.query.SeriesQuery;
import org.ecofoyer.core.Fluid;
import org.ecofoyer.core.Household;
import org.ecofoyer.core.HouseholdId;
import org.ecofoyer.core.Meter;
import org.ecofoyer.storage.Households;
import org.ecofoyer.storage.Meters;

/**
 * One household's consumption as the engagement features read it, on one connection: its zone, profile and meters
 * (storage), its rollups (aggregation's {@link RollupReader}). Quantities are in kWh or litres.
 */
public final class HouseholdConsumption {
    private final RollupReader rollups;
    private final Household household;
    private final List<Meter> meters;

    public HouseholdConsumption(Connection c, String householdId) throws SQLException {
        this.rollups = new RollupReader(c);
        this.household = Households.find(c, householdId).orElseThrow(() -> new NoSuchElementException(householdId));
        this.meters = Meters.ofHousehold(c, new HouseholdId(householdId));
    }

    public String id() {
        return household.id().value();
    }

    public Household household() {
        return household;
    }

    public ZoneId zone() {
        return household.zone();
    }

    public LocalDate today(Clock clock) {
        return LocalDate.now(clock.withZone(zone()));
    }

    public List<Meter> meters() {
        return meters;
    }

    /** The household's fluids, in the enum's order. */
    public List<Fluid> fluids() {
        return meters.stream().map(Meter::fluid).distinct().sorted().toList();
    }

    public Totals totals(Fluid fluid, LocalDate from, LocalDate to) throws SQLException {
        return rollups.totals(id(), fluid, from, to);
    }

    /** The whole days with data over [from, to): date → quantity (today and a day the data stop inside are left out). */
    public TreeMap<LocalDate, SeriesPoint> days(Fluid fluid, LocalDate from, LocalDate to) throws SQLException {
        TreeMap<LocalDate, SeriesPoint> out = new TreeMap<>();
        if (!to.isAfter(from)) {
            return out;
        }
        for (SeriesPoint p : rollups.series(new SeriesQuery(id(), fluid, Granularity.DAY, from, to)).points()) {
            if (!p.incomplete()) {
                out.put(p.localStart().toLocalDate(), p);
            }
        }
        return out;
    }

    /** The half-hours over [from, to) local dates. */
    public List<SeriesPoint> halfHours(Fluid fluid, LocalDate from, LocalDate to) throws SQLException {
        return rollups.series(new SeriesQuery(id(), fluid, Granularity.HALF_HOUR, from, to)).points();
    }

    /** Euros of a total: consumption plus subscription when known; null when a price is missing. */
    public static Double eur(Totals t) {
        if (t.costEur() == null) {
            // Nothing consumed (no data): nothing to price, only the subscription if known.
            return t.quantity() == 0 ? (t.subscriptionEur() == null ? 0.0 : t.subscriptionEur()) : null;
        }
        return t.costEur() + (t.subscriptionEur() == null ? 0 : t.subscriptionEur());
    }

    /** Sums of whole days. */
    public record DaySums(double quantity, Double eur, int days) {
    }

    public static DaySums sum(TreeMap<LocalDate, SeriesPoint> days) {
        double q = 0;
        double e = 0;
        boolean priced = true;
        for (SeriesPoint p : days.values()) {
            q += p.quantity();
            if (p.costEur() == null) {
                priced = false;
            } else {
                e += p.costEur();
            }
        }
        return new DaySums(q, priced ? e : null, days.size());
    }
}
