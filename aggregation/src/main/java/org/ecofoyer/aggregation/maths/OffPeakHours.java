package org.ecofoyer.aggregation.maths;

import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Off-peak windows written the way Enedis writes them in contracts and on bills: {@code HC (22H00-6H00)},
 * {@code HC (1H30-8H00;12H30-14H00)}, {@code HC (23h00-7h30)}. A window whose end is not after its start crosses
 * midnight. Pure and immutable.
 */
public final class OffPeakHours {
    private static final Pattern WINDOW = Pattern.compile("(\\d{1,2})H(\\d{2})?\\s*-\\s*(\\d{1,2})H(\\d{2})?");

    /** The regulated default when a meter has no calendar of its own. */
    public static final OffPeakHours DEFAULT = parse("HC (22H00-6H00)");

    /** A window [from, to) in local time; {@code to <= from} means it crosses midnight. */
    public record Window(LocalTime from, LocalTime to) {
        boolean contains(LocalTime t) {
            return from.isBefore(to) ? !t.isBefore(from) && t.isBefore(to) : !t.isBefore(from) || t.isBefore(to);
        }
    }

    private final String text;
    private final List<Window> windows;

    private OffPeakHours(String text, List<Window> windows) {
        this.text = text;
        this.windows = windows;
    }

    /** Parses a calendar; throws {@link IllegalArgumentException} naming what is wrong. */
    public static OffPeakHours parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("off-peak hours: empty, expected e.g. 'HC (22H00-6H00)'");
        }
        String s = text.trim().toUpperCase(Locale.ROOT);
        int open = s.indexOf('(');
        int close = s.lastIndexOf(')');
        String body = open >= 0 && close > open ? s.substring(open + 1, close) : s.replaceFirst("^HC\\s*", "");
        List<Window> out = new ArrayList<>();
        for (String part : body.split("[;,]")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            Matcher m = WINDOW.matcher(p);
            if (!m.matches()) {
                throw new IllegalArgumentException("off-peak hours: cannot read '" + part.trim() + "' in '" + text
                        + "', expected windows like 22H00-6H00 separated by ';'");
            }
            out.add(new Window(time(m.group(1), m.group(2), text), time(m.group(3), m.group(4), text)));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("off-peak hours: no window in '" + text + "'");
        }
        return new OffPeakHours(text.trim(), List.copyOf(out));
    }

    private static LocalTime time(String h, String m, String text) {
        int hour = Integer.parseInt(h);
        int minute = m == null ? 0 : Integer.parseInt(m);
        if (hour == 24 && minute == 0) {
            return LocalTime.MIDNIGHT;
        }
        if (hour > 23 || minute > 59) {
            throw new IllegalArgumentException("off-peak hours: no such time " + h + "H" + (m == null ? "" : m) + " in '" + text + "'");
        }
        return LocalTime.of(hour, minute);
    }

    boolean isOffPeak(LocalTime t) {
        for (Window w : windows) {
            if (w.contains(t)) {
                return true;
            }
        }
        return false;
    }

    public List<Window> windows() {
        return windows;
    }

    @Override
    public String toString() {
        return text;
    }
}
