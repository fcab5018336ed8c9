package org.ecofoyer.drivers.utility.teleo;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.ecofoyer.core.Channels;
import org.ecofoyer.drivers.Reading;
import org.ecofoyer.drivers.utility.Numbers;

/**
 * Pure parsing of Eau du Grand Lyon's daily series:
 * {@code {"postes":[{"data":[{"consommation":N,"annee":Y,"mois":M,"jour":D}]}],"unites":{"consommation":"l"|"m3"}}}.
 * Known variants are tolerated by documented rules, anything else is rejected:
 * <ul>
 *   <li>unit {@code l}/{@code L}/{@code litres} or {@code m3}/{@code m³}; when missing, litres if every value is a
 *       whole number, m³ if any has a fractional part (the portal's m³ series always has decimals);</li>
 *   <li>{@code mois} 1-based (as documented) or 0-based (JavaScript months, seen in some versions): the reading
 *       whose every date falls in the requested period wins; 1-based when both do. Windows are at most 28 days, so a
 *       one-month shift always leaves the period and the choice is never ambiguous;</li>
 *   <li>several {@code postes}: their values are added day by day; a null {@code consommation} is skipped and
 *       counted.</li>
 * </ul>
 */
public final class TeleoParser {
    /** The readings and how many entries were skipped. */
    public record Parsed(List<Reading> readings, int skipped) {
    }

    private record Entry(int year, int month, int day, BigDecimal value) {
    }

    private TeleoParser() {
    }

    /** Parses a body for the requested days {@code [from, to)}; {@link IllegalArgumentException} says what is wrong. */
    public static Parsed daily(String meter, String body, LocalDate from, LocalDate to, ZoneId zone) {
        JsonObject o;
        try {
            o = new JsonObject(body);
        } catch (DecodeException | ClassCastException e) {
            throw new IllegalArgumentException("the answer is not a JSON object");
        }
        JsonArray postes = o.getJsonArray("postes");
        if (postes == null) {
            throw new IllegalArgumentException("no 'postes' array");
        }
        List<Entry> entries = new ArrayList<>();
        int skipped = 0;
        boolean fractional = false;
        for (int i = 0; i < postes.size(); i++) {
            JsonArray data = postes.getJsonObject(i).getJsonArray("data");
            if (data == null) {
                throw new IllegalArgumentException("poste " + i + " has no 'data' array");
            }
            for (int j = 0; j < data.size(); j++) {
                JsonObject d = data.getJsonObject(j);
                Integer y = d.getInteger("annee");
                Integer m = d.getInteger("mois");
                Integer day = d.getInteger("jour");
                if (y == null || m == null || day == null) {
                    throw new IllegalArgumentException("an entry without annee/mois/jour: " + d.encode());
                }
                BigDecimal v = Numbers.decimal(d.getValue("consommation"));
                if (v == null) {
                    skipped++;
                    continue;
                }
                if (v.signum() < 0) {
                    throw new IllegalArgumentException("negative consumption " + v + " on " + y + "-" + m + "-" + day);
                }
                fractional |= v.stripTrailingZeros().scale() > 0;
                entries.add(new Entry(y, m, day, v));
            }
        }
        long factor = factor(o.getJsonObject("unites"), fractional);
        boolean zeroBased = zeroBased(entries, from, to);
        Map<LocalDate, BigDecimal> perDay = new TreeMap<>();
        for (Entry e : entries) {
            perDay.merge(date(e, zeroBased), e.value(), BigDecimal::add);
        }
        List<Reading> out = new ArrayList<>(perDay.size());
        perDay.forEach((day, v) -> out.add(new Reading(meter, day.atStartOfDay(zone).toInstant(), Channels.WATER_VOLUME_DAILY,
                Numbers.scaled(v, factor))));
        return new Parsed(out, skipped);
    }

    static long factor(JsonObject unites, boolean fractional) {
        String unit = unites == null ? null : unites.getString("consommation");
        if (unit == null || unit.isBlank()) {
            return fractional ? 1000 : 1;
        }
        return switch (unit.trim().toLowerCase(Locale.ROOT)) {
            case "l", "litre", "litres", "liter", "liters" -> 1;
            case "m3", "m³" -> 1000;
            default -> throw new IllegalArgumentException("unknown unit '" + unit + "' (expected l or m3)");
        };
    }

    private static boolean zeroBased(List<Entry> entries, LocalDate from, LocalDate to) {
        if (entries.isEmpty()) {
            return false;
        }
        if (fits(entries, false, from, to)) {
            return false;
        }
        if (fits(entries, true, from, to)) {
            return true;
        }
        throw new IllegalArgumentException("dates outside the requested period " + from + " to " + to
                + " whether months count from 1 or from 0");
    }

    private static boolean fits(List<Entry> entries, boolean zeroBased, LocalDate from, LocalDate to) {
        for (Entry e : entries) {
            LocalDate d;
            try {
                d = date(e, zeroBased);
            } catch (DateTimeException bad) {
                return false;
            }
            if (d.isBefore(from) || !d.isBefore(to)) {
                return false;
            }
        }
        return true;
    }

    private static LocalDate date(Entry e, boolean zeroBased) {
        return LocalDate.of(e.year(), zeroBased ? e.month() + 1 : e.month(), e.day());
    }
}
