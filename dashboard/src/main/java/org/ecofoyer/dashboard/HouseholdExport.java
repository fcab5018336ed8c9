package org.ecofoyer.dashboard;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.ecofoyer.aggregation.query.AggregationExport;
import org.ecofoyer.ingest.query.IngestExport;
import org.ecofoyer.storage.ZipCopy;

/**
 * Everything Ecofoyer holds about a household, as a zip of CSV and JSON files, written to a temporary file (bounded
 * memory whatever the size: readings are streamed out of PostgreSQL with {@code COPY}). Blocking: run on a worker.
 */
public final class HouseholdExport {
    /** Files contributed by the module that owns {@link #tables()} (readings, rollups, sync state...). */
    public interface Part {
        /** The tables whose rows about the household this part writes out. */
        List<String> tables();

        void write(Connection c, String householdId, ZipOutputStream zip) throws SQLException, IOException;

        static Part of(List<String> tables, PartWriter writer) {
            return new Part() {
                @Override
                public List<String> tables() {
                    return tables;
                }

                @Override
                public void write(Connection c, String householdId, ZipOutputStream zip) throws SQLException, IOException {
                    writer.write(c, householdId, zip);
                }
            };
        }
    }

    @FunctionalInterface
    public interface PartWriter {
        void write(Connection c, String householdId, ZipOutputStream zip) throws SQLException, IOException;
    }

    /** The tables this class writes itself (the core model's and the dashboard's own). */
    public static final List<String> OWN_TABLES = List.of("household", "meter", "app_user", "user_invitation", "consent", "audit_event",
            "consent_event", "similar_homes_member", "consent_request");

    /** Tables that refer to a household but are deliberately left out of its export, and why. */
    public static final Map<String, String> NOT_EXPORTED = Map.of(
            "reading_dirty", "the recompute's work queue (which meter to recompute from when): no data of its own",
            "user_session", "secret session token hashes: exporting them would hand out live sessions",
            "oauth_state", "a consent request in flight for 30 minutes: a secret state hash and the PRM typed",
            "gateway", "the installer's registration of the gateway that feeds a meter: its broker account (user and password"
                    + " hash) is a credential, not data about the household; the readings it delivered are exported with the meter");

    private final List<Part> parts;

    /** With the other modules' parts every export has (ingest's, aggregation's) and {@code extra} ones. */
    public HouseholdExport(List<Part> extra) {
        List<Part> all = new java.util.ArrayList<>();
        all.add(Part.of(IngestExport.TABLES, IngestExport::write));
        all.add(Part.of(AggregationExport.TABLES, AggregationExport::write));
        all.add(Part.of(org.ecofoyer.dashboard.engage.EngageExport.TABLES, org.ecofoyer.dashboard.engage.EngageExport::write));
        all.addAll(extra);
        this.parts = List.copyOf(all);
    }

    /** Every table this export covers. */
    public List<String> tables() {
        List<String> t = new java.util.ArrayList<>(OWN_TABLES);
        parts.forEach(p -> t.addAll(p.tables()));
        return t;
    }

    /** How long one export may read: a large household's years of readings stream for longer than the pool allows. */
    static final java.time.Duration TIME_LIMIT = java.time.Duration.ofMinutes(30);

    /**
     * Writes the household's export to a temporary file. It reads in one read-only transaction without the pool's
     * statement timeout (made for ingest, where a silent database must be noticed in seconds), and with a read timeout
     * of {@link #TIME_LIMIT}; both are put back before the connection returns.
     */
    public Path write(Connection c, String householdId) throws SQLException, IOException {
        boolean autoCommit = c.getAutoCommit();
        int networkTimeout = c.getNetworkTimeout();
        c.setNetworkTimeout(Runnable::run, (int) TIME_LIMIT.toMillis());
        try {
            c.setAutoCommit(false);
            try (java.sql.Statement st = c.createStatement()) {
                st.execute(DashboardSql.EXPORT_TIME_LIMIT);
            }
            return writeIn(c, householdId);
        } finally {
            try {
                c.rollback(); // read only: ends the transaction and its SET LOCAL
                c.setAutoCommit(autoCommit);
            } finally {
                c.setNetworkTimeout(Runnable::run, networkTimeout);
            }
        }
    }

    private Path writeIn(Connection c, String householdId) throws SQLException, IOException {
        Path file = Files.createTempFile("ecofoyer-export-", ".zip");
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            JsonObject household = HouseholdData.household(c, householdId).orElseThrow();
            JsonArray meterJson = new JsonArray();
            HouseholdData.meters(c, householdId).forEach(m -> meterJson.add(HouseholdData.json(m)));
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
            text(zip, "consents.csv", csv(consents, "id", "advisor", "scope", "granularity", "halfHourOptIn", "dataFrom", "dataTo",
                    "createdAt", "expiresAt", "revokedAt"));
            text(zip, "access-log.json", log.encodePrettily());
            text(zip, "access-log.csv", csv(log, "at", "actor", "actorRole", "action", "resource", "address", "detail", "consentId"));
            ZipCopy.copy(c, zip, "consent-history.csv", DashboardSql.COPY_CONSENT_EVENTS, householdId);
            ZipCopy.copy(c, zip, "similar-homes.csv", DashboardSql.COPY_SIMILAR_HOMES, householdId);
            ZipCopy.copy(c, zip, "consent-requests.csv", DashboardSql.COPY_CONSENT_REQUESTS, householdId);
            ZipCopy.copy(c, zip, "accounts.csv", DashboardSql.COPY_ACCOUNTS, householdId);
            ZipCopy.copy(c, zip, "invitations.csv", DashboardSql.COPY_INVITATIONS, householdId);
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
                + "household.json   the household and its profile (surface, occupants, heating, hot water, construction\n"
                + "                 period, postcode, weather station)\n"
                + "meters.csv/.json its meters (fluid, kind, utility identifier, tariff option)\n"
                + "readings.csv     every raw reading: meter, channel, instant (UTC), value in the channel's unit\n"
                + "                 (Wh for index.* and energy.*, VA for power.*, A, V, litres for water/gas volumes)\n"
                + "rollups.csv      consumption per half-hour, day, month and year and tariff period ('total' = all periods),\n"
                + "                 in Wh (electricity, gas energy) or litres (water), gas volume in litres, euros TTC\n"
                + "quarantined-readings.csv  readings held out of your history because their time or value could not be\n"
                + "                 trusted (a meter or gateway clock far off, before the raw horizon, an impossible value), why, whence\n"
                + "meter-events.csv index resets and meter replacements detected in your readings\n"
                + "utility-sync.csv where each utility import (Enedis, GRDF, water) stands, and its last error\n"
                + "raw-horizon.csv  per meter, the instant before which raw readings were removed by retention\n"
                + "                 (rollups before it are kept: they are the permanent record)\n"
                + "offpeak-hours.csv, register-periods.csv  your tariff calendar (off-peak windows, what each register counts)\n"
                + "accounts.csv     the accounts of the household (login, name, role, language; never the password)\n"
                + "invitations.csv  invitations to join the household (who made them, when, whether used)\n"
                + "consents.*       which advisor you allowed to read which data (fluids, finest step, dates), and until when\n"
                + "consent-history.csv every grant, narrowing, revocation and expiry of those consents\n"
                + "consent-requests.csv advisors' requests for access to your data, and your answers\n"
                + "similar-homes.csv whether (since when) your totals count in the anonymous 'similar homes' aggregates\n"
                + "access-log.*     who read or changed your data, when, and under which consent (consentId)\n"
                + org.ecofoyer.dashboard.engage.EngageExport.README;
    }
}
