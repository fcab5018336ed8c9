package org.ecofoyer.gateway;

import java.sql.Connection;
import java.sql.SQLException;
import java.text.Normalizer;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import org.ecofoyer.core.Fluid;
import org.ecofoyer.core.Household;
import org.ecofoyer.core.HouseholdId;
import org.ecofoyer.core.Meter;
import org.ecofoyer.core.MeterCode;
import org.ecofoyer.core.MeterKind;
import org.ecofoyer.core.TariffOption;
import org.ecofoyer.storage.Households;
import org.ecofoyer.storage.MeterTakenException;
import org.ecofoyer.storage.Meters;

/**
 * The installer's and operator's onboarding of a home, one place per rule for the commands ({@code ecofoyer household|
 * meter|gateway ...}) and the API ({@code /api/v1/installer/...}): a household, its meters (electricity by PRM or TIC
 * serial, gas by PCE, water by meter number; tariff option and subscribed power), its gateways with their broker
 * accounts. Input is checked before anything is written; the rest runs on the caller's connection, in its transaction,
 * and a {@link Refusal} thrown there rolls it back: nothing half-created. The broker is provisioned inside that
 * transaction too ({@link BrokerProvisioning}).
 */
public final class Onboarding {
    /** A household to create; {@code id} null: made from the name. */
    public record NewHousehold(String name, String zone, String id) {
    }

    /** A meter to add, as typed: {@code fluid} electricity, gas or water; the tariff option and kVA electricity only. */
    public record NewMeter(String household, String fluid, String code, String tariffOption, Integer kva) {
    }

    /** A gateway to register, as typed; {@code id} null: {@code gw-} and 6 random characters; {@code mode} null: auto. */
    public record NewGatewayRequest(String meter, String firmware, String mode, String id, String serial) {
    }

    private final BrokerProvisioning broker;

    public Onboarding(BrokerProvisioning broker) {
        this.broker = broker;
    }

    /** Whether the broker has a registered gateway (or a new secret) once the call returns. */
    public boolean liveBroker() {
        return broker.live();
    }

    public Household addHousehold(Connection c, NewHousehold h) throws SQLException {
        if (h.name() == null || h.name().isBlank()) {
            throw new Refusal("name: expected the household's name, got an empty one");
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(h.zone() == null || h.zone().isBlank() ? "Europe/Paris" : h.zone().strip());
        } catch (DateTimeException e) {
            throw new Refusal("zone: unknown time zone '" + h.zone() + "' (expected e.g. Europe/Paris)");
        }
        HouseholdId id;
        try {
            id = new HouseholdId(h.id() == null || h.id().isBlank() ? householdId(h.name()) : h.id().strip());
        } catch (IllegalArgumentException e) {
            throw new Refusal("id: " + e.getMessage());
        }
        if (!Households.add(c, id, h.name().strip(), zone)) {
            throw new Refusal("household '" + id + "' exists already");
        }
        return Households.find(c, id.value()).orElseThrow();
    }

    /**
     * A readable id made from the name plus 4 random characters ({@code famille-martin-k3x9}): two homes of the same
     * name get different ids, and the id says whose home it is in logs and commands.
     */
    static String householdId(String name) {
        String ascii = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > 40) {
            slug = slug.substring(0, 40).replaceAll("-+$", "");
        }
        return (slug.isEmpty() ? "household" : slug) + "-" + RandomIds.suffix(4);
    }

    /** The household and its meters, or a refusal naming the unknown id. */
    public record HouseholdWithMeters(Household household, List<Meter> meters) {
    }

    public static HouseholdWithMeters household(Connection c, String id) throws SQLException {
        Household h = Households.find(c, id).orElseThrow(() -> new Refusal.NotFound("no household '" + id + "'"));
        return new HouseholdWithMeters(h, Meters.ofHousehold(c, h.id()));
    }

    /** How a meter of a fluid is read when an installer adds it: a Linky through a TIC gateway; gas and water from their utility. */
    public static MeterKind kindOf(Fluid fluid) {
        return switch (fluid) {
            case ELECTRICITY -> MeterKind.LINKY_TIC;
            case GAS -> MeterKind.GAZPAR;
            case WATER -> MeterKind.TELEO;
        };
    }

    public Meter addMeter(Connection c, NewMeter m) throws SQLException {
        String fluidName = m.fluid() == null ? "" : m.fluid().strip().toLowerCase(Locale.ROOT);
        Fluid fluid = switch (fluidName) {
            case "electricity" -> Fluid.ELECTRICITY;
            case "gas" -> Fluid.GAS;
            case "water" -> Fluid.WATER;
            default -> throw new Refusal("fluid: expected electricity, gas or water, got '" + m.fluid() + "'");
        };
        MeterCode code;
        try {
            code = new MeterCode(m.code() == null ? null : m.code().strip());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new Refusal("code: " + e.getMessage());
        }
        String option = null;
        if (m.tariffOption() != null && !m.tariffOption().isBlank() && fluid == Fluid.GAS) {
            // Gas: the band of the CRE reference price the meter is priced from (aggregation's price tables, #16).
            option = switch (m.tariffOption().strip().toUpperCase(Locale.ROOT)) {
                case "PRIX_REPERE", "B1" -> "PRIX_REPERE";
                case "PRIX_REPERE_B0", "B0" -> "PRIX_REPERE_B0";
                default -> throw new Refusal("tariff-option: a gas meter's is its reference-price band, prix_repere (heating, B1,"
                        + " the default) or prix_repere_b0 (cooking and hot water, B0), got '" + m.tariffOption() + "'");
            };
        } else if (m.tariffOption() != null && !m.tariffOption().isBlank()) {
            if (fluid != Fluid.ELECTRICITY) {
                throw new Refusal("tariff-option is an electricity or gas option; a " + fluidName + " meter's price table comes from its utility");
            }
            try {
                option = TariffOption.named(m.tariffOption()).name();
            } catch (IllegalArgumentException e) {
                throw new Refusal("tariff-option: " + e.getMessage());
            }
        }
        if (m.kva() != null && (fluid != Fluid.ELECTRICITY || m.kva() < 3 || m.kva() > Meter.MAX_SUBSCRIBED_KVA)) {
            throw new Refusal("kva: expected an electricity meter's subscribed power, 3 to " + Meter.MAX_SUBSCRIBED_KVA
                    + " kVA, got " + m.kva() + " for " + fluidName);
        }
        if (m.household() == null || !Households.exists(c, m.household())) {
            throw new Refusal("no household '" + m.household() + "' (create it first: ecofoyer household add --name NAME)");
        }
        if (Meters.byCode(c, code).isPresent()) {
            throw new Refusal("meter '" + code + "' exists already");
        }
        try {
            return Meters.register(c, new Meters.Registration(code, new HouseholdId(m.household()), kindOf(fluid), code.value(),
                    option, m.kva()));
        } catch (MeterTakenException e) {
            throw new Refusal(e.getMessage());
        }
    }

    /** All meters, or a household's (refused when it does not exist). */
    public static List<Meter> meters(Connection c, String household) throws SQLException {
        if (household != null) {
            return household(c, household).meters();
        }
        List<Meter> out = new java.util.ArrayList<>();
        for (Household h : Households.list(c)) {
            out.addAll(Meters.ofHousehold(c, h.id()));
        }
        return out;
    }

    /** Removes a meter with its readings and rollups; refused while a gateway feeds it (its registry rows would go too). */
    public Meter removeMeter(Connection c, String code) throws SQLException {
        MeterCode mc;
        try {
            mc = new MeterCode(code);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new Refusal("code: " + e.getMessage());
        }
        Meter m = Meters.byCode(c, mc).orElseThrow(() -> new Refusal.NotFound("no meter '" + code + "'"));
        List<Gateway> gateways = GatewayRegistry.ofMeter(c, mc);
        if (!gateways.isEmpty()) {
            throw new Refusal("meter '" + code + "' is fed by gateway '" + gateways.get(0).id()
                    + "': remove its gateways first (ecofoyer gateway remove ID)");
        }
        Meters.remove(c, mc);
        return m;
    }

    /** Registers a gateway with a new broker account, provisioned on a live broker before the registry commits. */
    public GatewayRegistry.Secret addGateway(Connection c, NewGatewayRequest r) throws SQLException {
        Firmware firmware;
        TicMode mode;
        MeterCode meter;
        try {
            firmware = Firmware.parse(r.firmware());
            mode = TicMode.parse(r.mode() == null || r.mode().isBlank() ? "auto" : r.mode());
            meter = new MeterCode(r.meter());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new Refusal(e.getMessage() == null ? "meter: expected the code of the meter it reads" : e.getMessage());
        }
        String id = r.id() == null || r.id().isBlank() ? "gw-" + RandomIds.suffix(6) : r.id().strip();
        GatewayRegistry.Secret s = GatewayRegistry.add(c, new GatewayRegistry.NewGateway(id, meter, r.serial(), firmware, mode));
        broker.create(s.gateway(), s.password());
        return s;
    }

    /** A new random password; on a live broker the old one is refused (and its connection ended) once this returns. */
    public GatewayRegistry.Secret rotateSecret(Connection c, String id) throws SQLException {
        GatewayRegistry.Secret s = GatewayRegistry.rotateSecret(c, id);
        broker.setPassword(s.gateway(), s.password());
        return s;
    }

    /** Removes a gateway; on a live broker its account is gone (and its connection ended) once this returns. */
    public Gateway removeGateway(Connection c, String id) throws SQLException {
        Gateway g = GatewayRegistry.find(c, id).orElseThrow(() -> new Refusal.NotFound("no gateway '" + id + "'"));
        GatewayRegistry.remove(c, id);
        broker.delete(g);
        return g;
    }

    public static Gateway gateway(Connection c, String id) throws SQLException {
        return GatewayRegistry.find(c, id).orElseThrow(() -> new Refusal.NotFound("no gateway '" + id + "'"));
    }
}
