package org.ecofoyer.dashboard;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.ecofoyer.core.HouseholdId;
import org.ecofoyer.core.HouseholdProfile;
import org.ecofoyer.core.Meter;
import org.ecofoyer.ingest.query.Readings;
import org.ecofoyer.ingest.sync.SyncStates;
import org.ecofoyer.storage.Households;
import org.ecofoyer.storage.Meters;

/** A household, its meters and their state, read for the API and the export. Blocking JDBC. */
public final class HouseholdData {
    private HouseholdData() {
    }

    /** The household as the API and the export show it (storage's {@link Households} owns it). */
    public static Optional<JsonObject> household(Connection c, String id) throws SQLException {
        return Households.find(c, id).map(h -> new JsonObject().put("id", h.id().value()).put("name", h.name())
                .put("timezone", h.zone().getId())
                .put("surfaceM2", h.surfaceM2())
                .put("occupants", h.occupants())
                .put("heating", h.heating())
                .put("profile", profileJson(h.profile()))
                .put("createdAt", h.createdAt().toString()));
    }

    /** A household's profile as the API and the export show it (enum names in lower case; null when not said). */
    public static JsonObject profileJson(HouseholdProfile p) {
        return new JsonObject().put("surfaceM2", p.surfaceM2()).put("occupants", p.occupants())
                .put("heatingEnergy", wire(p.heatingEnergy())).put("heatingSystem", wire(p.heatingSystem()))
                .put("hotWater", wire(p.hotWater())).put("constructionPeriod", wire(p.constructionPeriod()))
                .put("postcode", p.postcode()).put("weatherStation", p.weatherStation());
    }

    private static String wire(Enum<?> e) {
        return e == null ? null : e.name().toLowerCase(Locale.ROOT);
    }

    /** The household's meters, by fluid then code (storage's {@link Meters} owns them). */
    public static List<Meter> meters(Connection c, String householdId) throws SQLException {
        return Meters.ofHousehold(c, new HouseholdId(householdId));
    }

    /** A meter as the API and the export show it. */
    public static JsonObject json(Meter m) {
        return new JsonObject().put("code", m.code().value()).put("fluid", m.fluid().name().toLowerCase(Locale.ROOT))
                .put("kind", m.kind().name()).put("externalId", m.externalId()).put("tariffOption", m.tariffOption())
                .put("subscribedKva", m.subscribedKva()).put("createdAt", m.createdAt().toString());
    }

    /**
     * A utility meter's sync state (Gazpar, Téléo, Enedis API), or null for other meters and before the first sync:
     * how far its data goes, the last success, the last error in words for the household and its kind (e.g.
     * {@code CONSENT_MISSING}: the household must grant access), the next run, and the progress of a sync running now.
     */
    public static JsonObject syncState(Connection c, Meter meter) throws SQLException {
        return SyncStates.of(c, meter).map(s -> new JsonObject()
                .put("dataUntil", s.cursor() == null ? null : s.cursor().minusDays(1).toString())
                .put("lastSuccess", iso(s.lastSuccess()))
                .put("lastError", s.lastError())
                .put("lastErrorKind", s.lastErrorKind())
                .put("nextRun", iso(s.nextRun()))
                .put("running", s.runningSince() != null)
                .put("progressDays", s.progressDays())
                .put("progressTotal", s.progressTotal())).orElse(null);
    }

    /**
     * What the household should do about a source, as a code the pages translate ({@code data.advice.<code>} in
     * both languages): the utility sync error's kind, {@code STALE} for a gateway meter silent for too long,
     * {@code WAITING_GATEWAY} / {@code WAITING_SYNC} before the first reading, {@code RETRY} for a transient error.
     */
    public static String adviceCode(String errorKind) {
        return switch (errorKind == null ? "" : errorKind) {
            case "CONSENT_MISSING", "CONSENT_EXPIRED", "CREDENTIALS_REJECTED", "BAD_REQUEST" -> errorKind;
            default -> "RETRY";
        };
    }

    /** The advice of {@link #adviceCode} in English, for API clients that do not translate codes. */
    public static String syncAdvice(String code, String nextRun) {
        return switch (code) {
            case "CONSENT_MISSING" -> "Grant access to this meter on the utility's consent page.";
            case "CONSENT_EXPIRED" -> "Your consent has expired or was revoked: renew it on the utility's consent page.";
            case "CREDENTIALS_REJECTED" -> "Nothing to do on your side: the operator must fix its access to the utility.";
            case "BAD_REQUEST" -> "Check the meter's number (PCE, PRM or water contract) with the operator.";
            case "STALE" -> "Check that the gateway is plugged in and on the network (Wi-Fi), then wait a few minutes.";
            case "WAITING_GATEWAY" -> "Plug the gateway into the Linky's TIC socket and connect it to the network.";
            case "WAITING_SYNC" -> "Nothing to do: the first import from the utility runs shortly.";
            default -> "Nothing to do: Ecofoyer tries again" + (nextRun == null ? "." : " at " + nextRun + ".");
        };
    }

    /** The instant of the meter's latest reading, or null when it has none (ingest's {@link Readings}). */
    public static Instant lastReading(Connection c, int meterId) throws SQLException {
        return Readings.latest(c, meterId);
    }

    /** The household's consents as the export shows them (the API's own answer adds their state at the clock's now). */
    public static JsonArray consents(Connection c, String householdId) throws SQLException {
        JsonArray out = new JsonArray();
        for (var x : org.ecofoyer.dashboard.consent.Consents.ofHousehold(c, householdId)) {
            out.add(x.terms().json().put("id", x.id()).put("advisor", x.advisorLogin()).put("scope", x.terms().scope())
                    .put("createdAt", iso(x.createdAt())).put("expiresAt", iso(x.expiresAt())).put("revokedAt", iso(x.revokedAt())));
        }
        return out;
    }

    public static long readingCount(Connection c, String householdId) throws SQLException {
        return Readings.countOfHousehold(c, new HouseholdId(householdId));
    }

    static String iso(Timestamp t) {
        return t == null ? null : t.toInstant().toString();
    }

    static String iso(Instant t) {
        return t == null ? null : t.toString();
    }
}
