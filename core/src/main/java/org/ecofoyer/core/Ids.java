package org.ecofoyer.core;

/**
 * The one check of the text ids: present, not blank, and no control character (they end up in logs, URLs, CSV: a line
 * break forges a log line, PostgreSQL refuses NUL). The Unicode line and paragraph separators count as control
 * characters here, as at the dashboard's edge ({@code Requests.identifier}).
 */
final class Ids {
    private Ids() {
    }

    static boolean isControl(int ch) {
        return Character.isISOControl(ch) || ch == '\u2028' || ch == '\u2029';
    }

    static String check(String what, String value) {
        if (value == null) {
            throw new IllegalArgumentException(what + ": missing");
        }
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + ": empty");
        }
        for (int i = 0; i < value.length(); i++) {
            if (isControl(value.charAt(i))) {
                StringBuilder shown = new StringBuilder(value.length());
                value.chars().forEach(ch -> shown.append(isControl(ch) ? '?' : (char) ch));
                throw new IllegalArgumentException(what + ": control character at position " + (i + 1) + " in '" + shown + "'");
            }
        }
        return value;
    }
}
