package org.ecofoyer.drivers.utility.enedis;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ecofoyer.core.Channels;
import org.ecofoyer.drivers.Reading;
import org.ecofoyer.drivers.utility.Numbers;
import org.ecofoyer.drivers.utility.WallClock;

/**
 * Pure parsing of Enedis metering answers, v5 ({@code meter_reading.interval_reading[]{value, date,
 * interval_length}}) and 2026 ({@code grandeur[0]{unite, points[]{v, d, p}}}), into readings. Values are strings;
 * dates are local wall-clock times; a load-curve point is the average power over the interval that <b>ends</b> at
 * its date.
 */
public final class EnedisParser {
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final Pattern OFF_PEAK = Pattern.compile("(\\d{1,2})\\s*[hH:]\\s*(\\d{2})\\s*-\\s*(\\d{1,2})\\s*[hH:]\\s*(\\d{2})");

    /** One value as the API gave it. */
    public record Point(String date, String value, String step) {
    }

    /** The points of an answer and their unit. */
    public record Series(String unit, List<Point> points) {
    }

    /** A daily off-peak window in local time; {@code end} before {@code start} means it crosses midnight. */
    public record OffPeak(LocalTime start, LocalTime end) {
    }

    private EnedisParser() {
    }

    /** The points of a v5 or 2026 body, whichever it is. */
    public static Series series(String body) {
        JsonObject o;
        try {
            o = new JsonObject(body);
        } catch (DecodeException | ClassCastException e) {
            throw new IllegalArgumentException("not a JSON object");
        }
        List<Point> points = new ArrayList<>();
        JsonObject mr = o.getJsonObject("meter_reading");
        if (mr != null) {
            JsonObject type = mr.getJsonObject("reading_type");
            JsonArray readings = mr.getJsonArray("interval_reading");
            if (readings == null) {
                throw new IllegalArgumentException("meter_reading has no interval_reading");
            }
            for (int i = 0; i < readings.size(); i++) {
                JsonObject p = readings.getJsonObject(i);
                points.add(new Point(p.getString("date"), str(p.getValue("value")), p.getString("interval_length")));
            }
            return new Series(type == null ? null : type.getString("unit"), points);
        }
        JsonArray grandeurs = o.getJsonArray("grandeur");
        if (grandeurs != null) {
            if (grandeurs.isEmpty()) {
                return new Series(null, points);
            }
            JsonObject g = grandeurs.getJsonObject(0);
            JsonArray pts = g.getJsonArray("points");
            if (pts == null) {
                throw new IllegalArgumentException("grandeur has no points");
            }
            for (int i = 0; i < pts.size(); i++) {
                JsonObject p = pts.getJsonObject(i);
                points.add(new Point(p.getString("d"), str(p.getValue("v")), p.getString("p", o.getString("pas"))));
            }
            return new Series(g.getString("unite"), points);
        }
        throw new IllegalArgumentException("neither 'meter_reading' (v5) nor 'grandeur' (2026)");
    }

    /** Daily energy: one {@code energy.daily} reading (Wh) at the start of each local day. */
    public static List<Reading> daily(String meter, Series s, ZoneId zone) {
        return perDay(meter, s, zone, Set.of("Wh", "kWh"), "Wh", Channels.ENERGY_DAILY);
    }

    /** Daily maximum power: one {@code power.max.daily} reading (VA) at the start of each local day. */
    public static List<Reading> maxPower(String meter, Series s, ZoneId zone) {
        return perDay(meter, s, zone, Set.of("VA", "kVA"), "VA", Channels.POWER_MAX_DAILY);
    }

    private static List<Reading> perDay(String meter, Series s, ZoneId zone, Set<String> units, String base, String channel) {
        long factor = unitFactor(s.unit(), units, base);
        List<Reading> out = new ArrayList<>();
        for (Point p : s.points()) {
            out.add(new Reading(meter, day(p.date()).atStartOfDay(zone).toInstant(), channel, value(p, factor)));
        }
        return out;
    }

    /**
     * Load curve: each point's average power over the step ending at its local date becomes
     * {@code energy.interval.<minutes>} = W × minutes / 60 (Wh, rounded half-up) at the interval's start.
     */
    public static List<Reading> loadCurve(String meter, Series s, ZoneId zone) {
        long factor = unitFactor(s.unit(), Set.of("W", "kW"), "W");
        WallClock clock = new WallClock(zone);
        List<Reading> out = new ArrayList<>();
        for (Point p : s.points()) {
            Duration step = step(p.step());
            Instant end = clock.next(dateTime(p.date()));
            long minutes = step.toMinutes();
            BigDecimal watts = Numbers.decimal(p.value());
            if (watts == null || watts.signum() < 0) {
                throw new IllegalArgumentException("bad load-curve value '" + p.value() + "' at " + p.date());
            }
            long wh = Numbers.scaled(watts.multiply(BigDecimal.valueOf(factor * minutes)).divide(BigDecimal.valueOf(60),
                    java.math.MathContext.DECIMAL64), 1);
            out.add(new Reading(meter, end.minus(step), Channels.ENERGY_INTERVAL_PREFIX + minutes, wh));
        }
        return out;
    }

    /** The windows of an {@code offpeak_hours} text such as {@code HC (22H00-6H00)} or {@code HC (1H30-8H00;12H30-14H00)}. */
    public static List<OffPeak> offPeak(String text) {
        List<OffPeak> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        Matcher m = OFF_PEAK.matcher(text);
        while (m.find()) {
            out.add(new OffPeak(LocalTime.of(Integer.parseInt(m.group(1)) % 24, Integer.parseInt(m.group(2))),
                    LocalTime.of(Integer.parseInt(m.group(3)) % 24, Integer.parseInt(m.group(4)))));
        }
        return out;
    }

    static Duration step(String p) {
        if (p == null) {
            return Duration.ofMinutes(30);
        }
        try {
            Duration d = Duration.parse(p.trim().toUpperCase(Locale.ROOT));
            if (d.isZero() || d.isNegative() || d.toMinutes() > 60 || 60 % d.toMinutes() != 0) {
                throw new IllegalArgumentException("unsupported interval_length " + p);
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("bad interval_length " + p);
        }
    }

    private static long unitFactor(String unit, Set<String> accepted, String base) {
        if (unit == null) {
            return 1;
        }
        if (!accepted.contains(unit)) {
            throw new IllegalArgumentException("unexpected unit '" + unit + "' (expected " + base + ")");
        }
        return unit.startsWith("k") ? 1000 : 1;
    }

    private static long value(Point p, long factor) {
        BigDecimal v = Numbers.decimal(p.value());
        if (v == null || v.signum() < 0) {
            throw new IllegalArgumentException("bad value '" + p.value() + "' for " + p.date());
        }
        return Numbers.scaled(v, factor);
    }

    private static LocalDate day(String date) {
        if (date == null || date.length() < 10) {
            throw new IllegalArgumentException("bad date '" + date + "'");
        }
        try {
            return LocalDate.parse(date.substring(0, 10));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("bad date '" + date + "'");
        }
    }

    private static LocalDateTime dateTime(String date) {
        try {
            return LocalDateTime.parse(date.trim().replace('T', ' '), DATE_TIME);
        } catch (DateTimeParseException | NullPointerException e) {
            throw new IllegalArgumentException("bad date-time '" + date + "'");
        }
    }

    private static String str(Object v) {
        return v == null ? null : v.toString();
    }
}
