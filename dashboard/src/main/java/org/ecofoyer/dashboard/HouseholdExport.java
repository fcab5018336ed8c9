package org.ecofoyer.dashboard;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.postgresql.PGConnection;

/**
 * Everything Ecofoyer holds about a household, as a zip of CSV and JSON files, written to a temporary file (bounded
 * memory whatever the size: readings are streamed out of PostgreSQL with {@code COPY}). Blocking: run on a worker.
 */
public final class HouseholdExport {
    /** Extra files contributed by other modules (rollups, sync state...). */
    @FunctionalInterface
    public interface Part {
        void write(Connection c, String householdId, ZipOutputStream zip) throws SQLException, IOException;
    }

    private final List<Part> parts;

    public HouseholdExport(List<Part> parts) {
        this.parts = List.copyOf(parts);
    }

    public Path write(Connection c, String householdId) throws SQLException, IOException {
        Path file = Files.createTempFile("ecofoyer-export-", ".zip");
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            JsonObject household = HouseholdData.household(c, householdId).orElseThrow();
            List<HouseholdData.Meter> meters = HouseholdData.meters(c, householdId);
            JsonArray meterJson = new JsonArray();
            meters.forEach(m -> meterJson.add(m.toJson()));
            JsonArray consents = HouseholdData.consents(c, householdId);
            JsonArray log = new JsonArray();
            for (Audit.Entry e : Audit.ofHousehold(c, householdId, 100_000)) {
                log.add(JsonObject.mapFrom(e));
            }
            text(zip, "README.txt", readme(householdId));
            text(zip, "household.json", household.encodePrettily());
            text(zip, "meters.json", meterJson.encodePrettily());
            text(zip, "meters.csv", csv(meterJson, "code", "fluid", "kind", "externalId", "tariffOption", "subscribedKva", "createdAt"));
            text(zip, "consents.json", consents.encodePrettily());
            text(zip, "consents.csv", csv(consents, "id", "advisor", "scope", "granularity", "createdAt", "expiresAt", "revokedAt"));
            text(zip, "access-log.json", log.encodePrettily());
            text(zip, "access-log.csv", csv(log, "at", "actor", "actorRole", "action", "resource", "address", "detail"));
            zip.putNextEntry(new ZipEntry("readings.csv"));
            c.unwrap(PGConnection.class).getCopyAPI().copyOut(
                    String.format(DashboardSql.COPY_READINGS, householdId.replace("'", "''")), new NonClosing(zip));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("rollups.csv"));
            c.unwrap(PGConnection.class).getCopyAPI().copyOut(
                    String.format(DashboardSql.COPY_ROLLUPS, householdId.replace("'", "''")), new NonClosing(zip));
            zip.closeEntry();
            for (Part p : parts) {
                p.write(c, householdId, zip);
            }
        } catch (SQLException | IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return file;
    }

    public static void text(ZipOutputStream zip, String name, String content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    /** A CSV of the named fields of JSON objects (RFC 4180 quoting). */
    public static String csv(JsonArray rows, String... fields) {
        StringBuilder sb = new StringBuilder(String.join(",", fields)).append("\r\n");
        for (Object o : rows) {
            JsonObject row = (JsonObject) o;
            for (int i = 0; i < fields.length; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                Object v = row.getValue(fields[i]);
                sb.append(v == null ? "" : quote(v.toString()));
            }
            sb.append("\r\n");
        }
        return sb.toString();
    }

    static String quote(String s) {
        boolean needs = s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
        return needs ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    private static String readme(String householdId) {
        return "Ecofoyer export of household " + householdId + "\n\n"
                + "household.json   the household and its profile\n"
                + "meters.csv/.json its meters (fluid, kind, utility identifier, tariff option)\n"
                + "readings.csv     every raw reading: meter, channel, instant (UTC), value in the channel's unit\n"
                + "                 (Wh for index.* and energy.*, VA for power.*, A, V, litres for water/gas volumes)\n"
                + "rollups.csv      consumption per half-hour, day, month and year and tariff period ('total' = all periods),\n"
                + "                 in Wh (electricity, gas energy) or litres (water), gas volume in litres, euros TTC\n"
                + "consents.*       who you allowed to read your data, and until when\n"
                + "access-log.*     who read or changed your data, and when\n";
    }

    /** Keeps COPY from closing the zip stream. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    /** For parts that write text incrementally. */
    public static Writer writer(ZipOutputStream zip) {
        return new OutputStreamWriter(new NonClosing(zip), StandardCharsets.UTF_8);
    }
}
