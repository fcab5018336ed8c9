package org.ecofoyer.app.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The scriptable line of the onboarding commands (their last stdout line): {@code key=value} pairs separated by
 * spaces. A value with a space, a quote, a backslash or an {@code =} is double-quoted with {@code \"} and {@code \\}
 * escapes, so that a name like {@code Famille Martin} stays one pair; null values are left out.
 */
final class KeyValues {
    private final Map<String, Object> pairs = new LinkedHashMap<>();

    static KeyValues of(String key, Object value) {
        return new KeyValues().and(key, value);
    }

    KeyValues and(String key, Object value) {
        if (value != null) {
            pairs.put(key, value);
        }
        return this;
    }

    String line() {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Object> e : pairs.entrySet()) {
            if (!b.isEmpty()) {
                b.append(' ');
            }
            b.append(e.getKey()).append('=').append(quote(String.valueOf(e.getValue())));
        }
        return b.toString();
    }

    static String quote(String v) {
        if (!v.isEmpty() && v.chars().noneMatch(ch -> ch == ' ' || ch == '"' || ch == '\\' || ch == '=' || Character.isWhitespace(ch))) {
            return v;
        }
        return '"' + v.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    @Override
    public String toString() {
        return line();
    }
}
