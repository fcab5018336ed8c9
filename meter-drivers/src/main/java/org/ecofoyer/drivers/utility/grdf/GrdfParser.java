package org.ecofoyer.drivers.utility.grdf;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.ecofoyer.core.Channels;
import org.ecofoyer.drivers.Reading;
import org.ecofoyer.drivers.utility.Numbers;

/**
 * Pure parsing of GRDF ADICT v2 NDJSON lines. A line is a data record, a processing status line
 * ({@code code_statut_traitement}), or a functional error ({@code statut_restitution} not null), which GRDF sends
 * with HTTP 200 as well as with 4xx.
 */
public final class GrdfParser {
    private static final LocalTime GAS_DAY_START = LocalTime.of(6, 0);

    /** What a line is. */
    public sealed interface Line permits Record, Status, Refusal {
    }

    /** A data record (consumption or access right), still as JSON. */
    public record Record(JsonObject json) implements Line {
    }

    /** The trailing {@code code_statut_traitement} line; code {@code 0000000000} is success. */
    public record Status(String code, String message) implements Line {
        public boolean ok() {
            return code == null || code.chars().allMatch(c -> c == '0');
        }
    }

    /** A {@code statut_restitution}: GRDF could not give the data (no right, no data on the period...). */
    public record Refusal(String code, String message) implements Line {
    }

    private GrdfParser() {
    }

    /** Classifies one NDJSON line; throws {@link IllegalArgumentException} if it is not a JSON object. */
    public static Line line(String text) {
        JsonObject o;
        try {
            o = new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getMessage());
        }
        Object restitution = o.getValue("statut_restitution");
        if (restitution != null) {
            if (restitution instanceof JsonObject r) {
                return new Refusal(r.getValue("code") == null ? null : r.getValue("code").toString(), r.getString("message"));
            }
            return new Refusal(null, restitution.toString());
        }
        if (o.containsKey("code_statut_traitement")) {
            return new Status(o.getString("code_statut_traitement"), o.getString("message_retour_traitement"));
        }
        return new Record(o);
    }

    /** The {@code consommation} of an informative or published record. */
    public static GasConsumption consumption(JsonObject record) {
        JsonObject c = record.getJsonObject("consommation");
        if (c == null) {
            throw new IllegalArgumentException("no 'consommation' object");
        }
        OffsetDateTime start = dateTime(c, "date_debut_consommation");
        OffsetDateTime end = dateTime(c, "date_fin_consommation");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("date_fin_consommation is not after date_debut_consommation");
        }
        String day = c.getString("journee_gaziere");
        JsonObject coeff = c.getJsonObject("coeff_calcul");
        BigDecimal volume = Numbers.decimal(c.getValue("volume_brut"));
        BigDecimal energy = Numbers.decimal(c.getValue("energie"));
        if ((volume != null && volume.signum() < 0) || (energy != null && energy.signum() < 0)) {
            throw new IllegalArgumentException("negative consumption");
        }
        return new GasConsumption(start, end, day == null ? null : LocalDate.parse(day), volume, energy,
                coeff == null ? null : Numbers.decimal(coeff.getValue("coeff_conversion")),
                c.getString("statut_conso"), c.getString("type_conso"));
    }

    /**
     * The readings of a daily record, stamped at the start of the gas day (06:00 local): volume in litres, energy in
     * Wh, conversion coefficient in Wh/m³. A periodic record (published over a month, say) gives none: its total is
     * not a daily value. A daily record without volume gives none either.
     */
    public static List<Reading> readings(String meter, GasConsumption g, ZoneId zone) {
        List<Reading> out = new ArrayList<>(3);
        if (!g.isDaily() || g.volumeM3() == null) {
            return out;
        }
        var instant = g.start().toInstant();
        LocalTime local = g.start().atZoneSameInstant(zone).toLocalTime();
        if (!local.equals(GAS_DAY_START)) {
            throw new IllegalArgumentException("a daily record that does not start at 06:00 local: " + g.start());
        }
        out.add(new Reading(meter, instant, Channels.GAS_VOLUME_DAILY, Numbers.scaled(g.volumeM3(), 1000)));
        if (g.energyKWh() != null) {
            out.add(new Reading(meter, instant, Channels.GAS_ENERGY_DAILY, Numbers.scaled(g.energyKWh(), 1000)));
        }
        if (g.conversion() != null) {
            out.add(new Reading(meter, instant, Channels.GAS_CONVERSION_DAILY, Numbers.scaled(g.conversion(), 1000)));
        }
        return out;
    }

    /** An access right record of {@code droits_acces}. */
    public static AccessRight accessRight(JsonObject o) {
        String pce = o.getString("id_pce");
        if (pce == null) {
            throw new IllegalArgumentException("no 'id_pce'");
        }
        return new AccessRight(pce, o.getString("etat_droit_acces"), "Vrai".equalsIgnoreCase(o.getString("perim_donnees_informatives")),
                "Vrai".equalsIgnoreCase(o.getString("perim_donnees_publiees")), date(o.getString("perim_donnees_conso_debut")),
                date(o.getString("perim_donnees_conso_fin")), date(o.getString("date_fin_droit_acces")));
    }

    private static LocalDate date(String s) {
        return s == null || s.isBlank() ? null : LocalDate.parse(s.substring(0, 10));
    }

    private static OffsetDateTime dateTime(JsonObject o, String key) {
        String s = o.getString(key);
        if (s == null) {
            throw new IllegalArgumentException("no '" + key + "'");
        }
        try {
            return OffsetDateTime.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + key + "' is not a date-time with offset: " + s);
        }
    }
}
