package org.ecofoyer.ingest.query;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.ecofoyer.core.HouseholdId;
import org.ecofoyer.core.Meter;
import org.ecofoyer.storage.Meters;

/**
 * A household's raw readings as CSV ({@code meter,channel,instant,value}), hot rows and compacted blocks alike, in the
 * format PostgreSQL's {@code COPY ... CSV} gave before blocks existed (instants in UTC, {@code +00}, microseconds
 * without trailing zeros), ordered by meter code, channel, instant. One channel in memory at a time.
 */
final class ReadingsCsv {
    private record MeterRow(int id, String code) {
    }

    private ReadingsCsv() {
    }

    static void write(Connection c, String householdId, OutputStream out) throws SQLException, IOException {
        // ordered by code as the COPY of rows was (ORDER BY m.code: codes are ASCII identifiers, so String order)
        List<MeterRow> meters = new ArrayList<>();
        for (Meter m : Meters.ofHousehold(c, new HouseholdId(householdId))) {
            meters.add(new MeterRow(m.id(), m.code().value()));
        }
        meters.sort(java.util.Comparator.comparing(MeterRow::code));
        StringBuilder sb = new StringBuilder(1 << 16);
        sb.append("meter,channel,instant,value\n");
        for (MeterRow m : meters) {
            for (String channel : Readings.channels(c, m.id())) {
                ReadingCopy.Columns read = ReadingCopy.read(c, m.id(), channel, null);
                String prefix = field(m.code()) + "," + field(channel) + ",";
                for (int i = 0; i < read.size(); i++) {
                    sb.append(prefix);
                    instant(sb, read.micros()[i]);
                    sb.append(',').append(read.values()[i]).append('\n');
                    if (sb.length() > 1 << 16) {
                        flush(sb, out);
                    }
                }
            }
        }
        flush(sb, out);
    }

    private static void flush(StringBuilder sb, OutputStream out) throws IOException {
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        sb.setLength(0);
    }

    /** A CSV field as COPY quotes it: only when it holds a comma, a quote, a line break, or is empty. */
    static String field(String s) {
        if (s.isEmpty() || s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    /** {@code 2026-11-15 09:59:00+00}, or {@code 2026-11-15 09:59:00.25+00}: PostgreSQL's ISO output in UTC. */
    static void instant(StringBuilder sb, long micros) {
        Instant i = ReadingCopy.instant(micros);
        LocalDateTime t = LocalDateTime.ofInstant(i, ZoneOffset.UTC);
        sb.append(String.format("%04d-%02d-%02d %02d:%02d:%02d", t.getYear(), t.getMonthValue(), t.getDayOfMonth(),
                t.getHour(), t.getMinute(), t.getSecond()));
        int us = t.getNano() / 1_000;
        if (us != 0) {
            String frac = String.format("%06d", us);
            int end = frac.length();
            while (frac.charAt(end - 1) == '0') {
                end--;
            }
            sb.append('.').append(frac, 0, end);
        }
        sb.append("+00");
    }
}
