package org.ecofoyer.dashboard.web;

/** Values a client supplied, made safe to write into a log line (no forged lines, no terminal escapes). */
public final class Logs {
    private static final int MAX = 200;

    private Logs() {
    }

    /**
     * {@code s} in single quotes with control characters written as {@code \n}, {@code \r}, {@code \t} or
     * {@code \}{@code uXXXX}, quotes and backslashes escaped, cut at 200 characters; {@code null} as {@code null}.
     */
    public static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX) + 8).append('\'');
        for (int i = 0; i < s.length(); i++) {
            if (i == MAX) {
                b.append("...");
                break;
            }
            char ch = s.charAt(i);
            switch (ch) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\'' -> b.append("\\'");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (Character.isISOControl(ch) || ch == '\u2028' || ch == '\u2029') {
                        b.append(String.format("\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append('\'').toString();
    }
}
