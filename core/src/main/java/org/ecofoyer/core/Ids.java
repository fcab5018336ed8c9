package org.ecofoyer.core;

/** The one check of the text ids: present, not blank, and no control character (they end up in logs, URLs, CSV). */
final class Ids {
    private Ids() {
    }

    static String check(String what, String value) {
        if (value == null) {
            throw new IllegalArgumentException(what + ": missing");
        }
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + ": empty");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                StringBuilder shown = new StringBuilder(value.length());
                value.chars().forEach(ch -> shown.append(Character.isISOControl(ch) ? '?' : (char) ch));
                throw new IllegalArgumentException(what + ": control character at position " + (i + 1) + " in '" + shown + "'");
            }
        }
        return value;
    }
}
