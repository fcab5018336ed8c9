package org.ecofoyer.app;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the tables that SQL in Java source names, for {@link TableOwnershipTest}: a guard, not a SQL parser. It reads
 * the string literals and text blocks of a source (comments and char literals skipped), groups those of one Java
 * statement (a constant built from several pieces is one statement), and finds in them a table name after
 * {@code FROM}, {@code JOIN}, {@code USING} (reads), {@code INTO}, {@code UPDATE}, {@code DELETE FROM}, {@code TABLE},
 * {@code COPY}, {@code TRUNCATE} (writes), case-insensitive, optionally {@code ONLY} or {@code public.}-qualified.
 *
 * <p>What it does not see: a table name built at run time ({@code "DELETE FROM " + table}), the second table of a
 * comma join, SQL outside Java literals. It may see a table in an English message ("copied from meter"); name the
 * words otherwise or allow-list it.
 */
final class SqlTableScanner {
    /** A string literal or text block: its content (escapes blanked, so offsets stay those of the source). */
    record Literal(int offset, String text) {
    }

    /** A table named by a literal: at which line of the source, whether the statement writes it. */
    record Mention(String table, boolean write, int line) {
    }

    private static final Pattern ACCESS = Pattern.compile(
            "\\b(delete\\s+from|from|join|using|into|update|table|copy|truncate)\\b"
                    + "(?=\\s+(?:only\\s+)?(?:public\\.)?([a-z_][a-z0-9_]*)\\b)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern CREATE = Pattern.compile(
            "\\bcreate\\s+(?:(?:temp|temporary|unlogged)\\s+)?table\\s+(?:if\\s+not\\s+exists\\s+)?(?:public\\.)?([a-z_][a-z0-9_]*)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ESCAPE = Pattern.compile("\\\\.", Pattern.DOTALL);

    private SqlTableScanner() {
    }

    /** The literals of a Java source, grouped by Java statement (split at {@code ;}, braces, outside literals). */
    static List<List<Literal>> statements(String source) {
        List<List<Literal>> out = new ArrayList<>();
        List<Literal> current = new ArrayList<>();
        int i = 0;
        int n = source.length();
        while (i < n) {
            char ch = source.charAt(i);
            if (source.startsWith("//", i)) {
                i = end(source.indexOf('\n', i), n);
            } else if (source.startsWith("/*", i)) {
                i = end(source.indexOf("*/", i + 2), n - 2) + 2;
            } else if (source.startsWith("\"\"\"", i)) {
                int close = closing(source, i + 3, "\"\"\"");
                current.add(literal(source, i + 3, close));
                i = close + 3;
            } else if (ch == '"') {
                int close = closing(source, i + 1, "\"");
                current.add(literal(source, i + 1, close));
                i = close + 1;
            } else if (ch == '\'') {
                i = closing(source, i + 1, "'") + 1;
            } else {
                if ((ch == ';' || ch == '{' || ch == '}') && !current.isEmpty()) {
                    out.add(current);
                    current = new ArrayList<>();
                }
                i++;
            }
        }
        if (!current.isEmpty()) {
            out.add(current);
        }
        return out;
    }

    private static int end(int found, int otherwise) {
        return found < 0 ? otherwise : found;
    }

    /** The index of the unescaped {@code delimiter} closing a literal whose content starts at {@code from}. */
    private static int closing(String source, int from, String delimiter) {
        int i = from;
        while (i < source.length()) {
            if (source.charAt(i) == '\\') {
                i += 2;
            } else if (source.startsWith(delimiter, i)) {
                return i;
            } else {
                i++;
            }
        }
        throw new IllegalArgumentException("unterminated literal at offset " + from);
    }

    private static Literal literal(String source, int from, int to) {
        Matcher m = ESCAPE.matcher(source.substring(from, to));
        return new Literal(from, m.replaceAll("  "));
    }

    /** The tables a piece of SQL names, in order, with whether each is written. */
    static List<Mention> mentions(String sql) {
        return mentions(sql, 0, null);
    }

    /** The tables a literal names, with the source's line of each (the source is needed to count lines). */
    static List<Mention> mentions(Literal l, String source) {
        return mentions(l.text(), l.offset(), source);
    }

    private static List<Mention> mentions(String sql, int offset, String source) {
        List<Mention> out = new ArrayList<>();
        Matcher m = ACCESS.matcher(sql);
        while (m.find()) {
            String keyword = m.group(1).toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
            boolean write = !(keyword.equals("from") || keyword.equals("join") || keyword.equals("using"));
            int line = source == null ? 1 + count(sql, m.start()) : 1 + count(source, offset + m.start());
            out.add(new Mention(m.group(2).toLowerCase(Locale.ROOT), write, line));
        }
        return out;
    }

    private static int count(String s, int end) {
        int lines = 0;
        for (int i = 0; i < end; i++) {
            if (s.charAt(i) == '\n') {
                lines++;
            }
        }
        return lines;
    }

    /** The tables a piece of SQL creates ({@code CREATE [TEMP|UNLOGGED] TABLE [IF NOT EXISTS] name}). */
    static Set<String> created(String sql) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = CREATE.matcher(sql);
        while (m.find()) {
            out.add(m.group(1).toLowerCase(Locale.ROOT));
        }
        return out;
    }

    /** An SQL script without its {@code --} comments (a migration's comments name other tables in words). */
    static String withoutComments(String script) {
        return script.replaceAll("--[^\\n]*", "");
    }
}
