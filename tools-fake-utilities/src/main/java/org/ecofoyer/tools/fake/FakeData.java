package org.ecofoyer.tools.fake;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Generated but realistic utility data, a pure function of the meter id and the day (so every request for the same
 * day gives the same answer): seasonal gas (heating in winter, hot water all year), daily water with busier
 * weekends, and Enedis load curves whose half-hours add up exactly to the daily totals, on DST days too.
 */
public final class FakeData {
    private final ZoneId zone;

    public FakeData(ZoneId zone) {
        this.zone = zone;
    }

    public ZoneId zone() {
        return zone;
    }

    /** One gas day as GRDF publishes it: integer index in m³, energy from the precise volume. */
    public record GasDay(LocalDate day, long indexStart, long indexEnd, BigDecimal coefficient, long energyKWh) {
        public long volumeM3() {
            return indexEnd - indexStart;
        }
    }

    /** One load-curve point: average W over the half-hour ending at {@code end}. */
    public record CurvePoint(Instant end, LocalDateTime localEnd, long watts) {
    }

    /** Precise m³ consumed on a gas day: hot water and cooking all year, heating from October to April. */
    double gasM3(String pce, LocalDate day) {
        double season = Math.cos(2 * Math.PI * (day.getDayOfYear() - 15) / 365.25);
        double heating = Math.max(0, season) * 6.5;
        return (0.7 + heating) * (0.85 + 0.3 * noise(pce, day.toEpochDay(), 1));
    }

    /** The precise volume through the meter by 06:00 on {@code day}, m³ (its integer part is the index). */
    double gasTotal(String pce, LocalDate day) {
        // Summed from a fixed origin: cheap enough for the periods the API serves, and stable across requests.
        double total = 1000 + (Math.abs(pce.hashCode()) % 5000);
        for (LocalDate d = LocalDate.of(2019, 1, 1); d.isBefore(day); d = d.plusDays(1)) {
            total += gasM3(pce, d);
        }
        return total;
    }

    public List<GasDay> gasDays(String pce, LocalDate from, LocalDate to) {
        List<GasDay> out = new ArrayList<>();
        double precise = gasTotal(pce, from);
        for (LocalDate d = from; d.isBefore(to); d = d.plusDays(1)) {
            double m3 = gasM3(pce, d);
            double next = precise + m3;
            BigDecimal coeff = BigDecimal.valueOf(11.10 + 0.25 * noise(pce, d.toEpochDay(), 2)).setScale(2, RoundingMode.HALF_UP);
            out.add(new GasDay(d, (long) Math.floor(precise), (long) Math.floor(next), coeff, Math.round(m3 * coeff.doubleValue())));
            precise = next;
        }
        return out;
    }

    /** Litres of water on a local day: about 130 L a person, three people, more at weekends, some days away. */
    public long waterLitres(String contract, LocalDate day) {
        double n = noise(contract, day.toEpochDay(), 3);
        if (n < 0.02) {
            return 0;
        }
        boolean weekend = day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
        return Math.round((weekend ? 450 : 370) * (0.8 + 0.4 * noise(contract, day.toEpochDay(), 4)));
    }

    /** The half-hour points of a local day: 48, or 46 and 50 on DST days. Watts are even so that Wh are whole. */
    public List<CurvePoint> curve(String prm, LocalDate day) {
        List<CurvePoint> out = new ArrayList<>(50);
        Instant start = day.atStartOfDay(zone).toInstant();
        Instant end = day.plusDays(1).atStartOfDay(zone).toInstant();
        double season = Math.max(0, Math.cos(2 * Math.PI * (day.getDayOfYear() - 15) / 365.25));
        int i = 0;
        for (Instant t = start; t.isBefore(end); t = t.plus(Duration.ofMinutes(30)), i++) {
            Instant slotEnd = t.plus(Duration.ofMinutes(30));
            double hour = LocalDateTime.ofInstant(t, zone).getHour() + LocalDateTime.ofInstant(t, zone).getMinute() / 60.0;
            double w = 280 + 900 * season;
            if (hour >= 6.5 && hour < 9) {
                w += 1400;
            }
            if (hour >= 12 && hour < 14) {
                w += 700;
            }
            if (hour >= 18 && hour < 22.5) {
                w += 1900;
            }
            w *= 0.75 + 0.5 * noise(prm, day.toEpochDay() * 64 + i, 5);
            long watts = 2 * Math.round(w / 2);
            out.add(new CurvePoint(slotEnd, LocalDateTime.ofInstant(slotEnd, zone), watts));
        }
        return out;
    }

    /** Wh of a local day: exactly the sum of its half-hours (W × 0.5 h). */
    public long dailyWh(String prm, LocalDate day) {
        return curve(prm, day).stream().mapToLong(CurvePoint::watts).sum() / 2;
    }

    /** The day's maximum power (VA, the peak half-hour's average plus the bursts inside it) and when. */
    public CurvePoint maxPower(String prm, LocalDate day) {
        CurvePoint peak = null;
        for (CurvePoint p : curve(prm, day)) {
            if (peak == null || p.watts() > peak.watts()) {
                peak = p;
            }
        }
        long va = Math.round(peak.watts() * 1.6);
        Instant at = peak.end().minusSeconds(600 + (long) (noise(prm, day.toEpochDay(), 6) * 1000));
        return new CurvePoint(at, LocalDateTime.ofInstant(at, zone), va);
    }

    /** A deterministic number in [0, 1) for (id, n, salt). */
    static double noise(String id, long n, int salt) {
        long h = id.hashCode() * 0x9E3779B97F4A7C15L + n * 0xC2B2AE3D27D4EB4FL + salt * 0x165667B19E3779F9L;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return (h >>> 11) / (double) (1L << 53);
    }
}
