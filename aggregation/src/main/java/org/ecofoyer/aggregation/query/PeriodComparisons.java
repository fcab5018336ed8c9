package org.ecofoyer.aggregation.query;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import org.ecofoyer.aggregation.maths.Granularity;
import org.ecofoyer.aggregation.maths.PeriodComparison;
import org.ecofoyer.aggregation.maths.SeriesPoint;
import org.ecofoyer.core.Fluid;
import org.ecofoyer.core.Household;
import org.ecofoyer.core.HouseholdProfile;
import org.ecofoyer.storage.Households;

/**
 * Reads what {@link PeriodComparison} needs for one household: each period's day rows (from rollups) grouped into
 * months, and the degree-days of the household's weather station ({@code degree_day}, imported with
 * {@code ecofoyer tariff dju}). Blocking, on the caller's connection.
 */
public final class PeriodComparisons {
    private final Connection c;

    public PeriodComparisons(Connection c) {
        this.c = c;
    }

    /** The weather stations that have degree-days, with their first and last day. */
    public record Station(String zone, LocalDate first, LocalDate last, int days) {
    }

    public List<Station> stations() throws SQLException {
        List<Station> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(QuerySql.DEGREE_DAY_ZONES); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Station(rs.getString(1), rs.getDate(2).toLocalDate(), rs.getDate(3).toLocalDate(), rs.getInt(4)));
            }
        }
        return out;
    }

    /** [aFrom, aTo) against [bFrom, bTo), with the household's surface and weather station ({@link #station}; both optional). */
    public PeriodComparison compare(String householdId, Fluid fluid, LocalDate aFrom, LocalDate aTo, LocalDate bFrom, LocalDate bTo)
            throws SQLException {
        Household h = household(householdId);
        String station = station(h.profile(), zones());
        return PeriodComparison.of(input(householdId, fluid, aFrom, aTo, station), input(householdId, fluid, bFrom, bTo, station),
                h.surfaceM2());
    }

    /** The weather station whose degree-days correct the household's heating ({@link #station(HouseholdProfile, List)}), or null. */
    public String station(String householdId) throws SQLException {
        return station(household(householdId).profile(), zones());
    }

    /**
     * The station a profile names; else, from its postcode, the first imported zone named after its département
     * ({@code 69-lyon-bron} for a postcode 69xxx, {@code 2A-ajaccio} for 2Axxx: the operator names zones so with
     * {@code ecofoyer tariff dju --zone}); else null (no weather correction, and the comparison says so).
     */
    static String station(HouseholdProfile profile, List<String> zones) {
        if (profile.weatherStation() != null) {
            return profile.weatherStation();
        }
        String dept = profile.departement();
        return dept == null ? null : zones.stream().filter(z -> z.startsWith(dept + "-")).sorted().findFirst().orElse(null);
    }

    private List<String> zones() throws SQLException {
        return stations().stream().map(Station::zone).toList();
    }

    private Household household(String householdId) throws SQLException {
        return Households.find(c, householdId).orElseThrow(() -> new NoSuchElementException("no household '" + householdId + "'"));
    }

    private PeriodComparison.Input input(String householdId, Fluid fluid, LocalDate from, LocalDate to, String station) throws SQLException {
        Series s = new RollupReader(c).series(new SeriesQuery(householdId, fluid, Granularity.DAY, from, to));
        Map<LocalDate, SeriesPoint> days = new HashMap<>();
        for (SeriesPoint p : s.points()) {
            days.put(p.localStart().toLocalDate(), p);
        }
        TreeMap<LocalDate, Double> dju = station == null ? new TreeMap<>() : degreeDays(station, from, to);
        List<PeriodComparison.Month> months = new ArrayList<>();
        for (LocalDate start = from; start.isBefore(to); ) {
            LocalDate next = start.withDayOfMonth(1).plusMonths(1);
            LocalDate end = next.isBefore(to) ? next : to;
            double q = 0;
            Double cost = 0.0;
            Double monthDju = 0.0;
            boolean complete = start.getDayOfMonth() == 1 && end.equals(next);
            for (LocalDate d = start; d.isBefore(end); d = d.plusDays(1)) {
                SeriesPoint p = days.get(d);
                if (p == null || p.incomplete()) {
                    complete = false;
                }
                if (p != null) {
                    q += p.quantity();
                    cost = cost == null || p.costEur() == null ? null : cost + p.costEur();
                }
                Double v = dju.get(d);
                monthDju = monthDju == null || v == null ? null : monthDju + v;
            }
            months.add(new PeriodComparison.Month(start, (int) ChronoUnit.DAYS.between(start, end), q, cost, monthDju, complete));
            start = end;
        }
        double djuSum = 0;
        for (double v : dju.values()) {
            djuSum += v;
        }
        return new PeriodComparison.Input(from, to, s.totals().quantity(), s.totals().costEur(), s.totals().days(),
                dju.isEmpty() ? null : djuSum, dju.size(), List.copyOf(months));
    }

    private TreeMap<LocalDate, Double> degreeDays(String zone, LocalDate from, LocalDate to) throws SQLException {
        TreeMap<LocalDate, Double> out = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement(QuerySql.DEGREE_DAYS_BETWEEN)) {
            ps.setString(1, zone);
            ps.setDate(2, Date.valueOf(from));
            ps.setDate(3, Date.valueOf(to));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getDate(1).toLocalDate(), rs.getBigDecimal(2).doubleValue());
                }
            }
        }
        return out;
    }
}
