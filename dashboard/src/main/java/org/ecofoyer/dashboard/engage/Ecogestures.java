package org.ecofoyer.dashboard.engage;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ecofoyer.core.Fluid;
import org.ecofoyer.core.HouseholdProfile;

/**
 * The ecogesture catalogue ({@code dashboard/ecogestures.json}, French and English): each gesture saves a share of one
 * usage (heating, hot water, cooking, the other electric appliances, or a use of water), with its source; the usages'
 * shares of a fluid come from ADEME/CEREN (energy) and the C.I.Eau (water), cited in the file.
 */
public final class Ecogestures {
    /** One gesture: saves {@code pct} % of {@code usage}; {@code only}: the one fluid it applies to (a boiler: gas), or null. */
    public record Gesture(String id, String usage, double pct, Fluid only, JsonObject title, JsonObject text, JsonObject source) {
    }

    private final List<Gesture> gestures = new ArrayList<>();
    private final Map<String, Double> energyShares = new LinkedHashMap<>();
    private final Map<String, Double> waterShares = new LinkedHashMap<>();
    private final JsonObject shares;

    public Ecogestures() {
        JsonObject all = new JsonObject(resource("dashboard/ecogestures.json"));
        shares = all.getJsonObject("shares");
        shares.getJsonObject("energy").forEach(e -> energyShares.put(e.getKey(), ((Number) e.getValue()).doubleValue()));
        shares.getJsonObject("water").forEach(e -> waterShares.put(e.getKey(), ((Number) e.getValue()).doubleValue()));
        for (Object o : all.getJsonArray("gestures")) {
            JsonObject g = (JsonObject) o;
            gestures.add(new Gesture(g.getString("id"), g.getString("usage"), g.getDouble("pct"),
                    g.getString("only") == null ? null : Fluid.valueOf(g.getString("only")), g.getJsonObject("title"),
                    g.getJsonObject("text"), g.getJsonObject("source")));
        }
    }

    public List<Gesture> all() {
        return List.copyOf(gestures);
    }

    public boolean exists(String id) {
        return gestures.stream().anyMatch(g -> g.id().equals(id));
    }

    /** The sources of the shares (for the page's method note). */
    public JsonObject sharesJson() {
        return shares.copy();
    }

    public double litresPerPersonDay() {
        return shares.getDouble("litresPerPersonDay");
    }

    /** Which of the household's fluids a usage draws on, from its profile; null when none of its meters sees it. */
    public static Fluid fluidOf(String usage, HouseholdProfile p) {
        return switch (usage) {
            case "HEATING" -> p.heatingEnergy() == HouseholdProfile.HeatingEnergy.ELECTRICITY ? Fluid.ELECTRICITY
                    : p.heatingEnergy() == HouseholdProfile.HeatingEnergy.GAS ? Fluid.GAS : null;
            case "HOT_WATER" -> p.hotWater() == null ? null : switch (p.hotWater()) {
                case ELECTRIC_TANK, HEAT_PUMP_TANK -> Fluid.ELECTRICITY;
                case GAS_BOILER -> Fluid.GAS;
                default -> null;
            };
            case "COOKING", "SPECIFIC" -> Fluid.ELECTRICITY;
            default -> Fluid.WATER;
        };
    }

    /**
     * The share of a fluid's consumption that goes to a usage: water by the C.I.Eau's split; energy by ADEME's split
     * among the usages this fluid covers in this home (electricity heating nothing but water: hot water 11 of 34).
     */
    public double share(String usage, Fluid fluid, HouseholdProfile p) {
        if (fluid == Fluid.WATER) {
            return waterShares.getOrDefault(usage, 0.0) / 100;
        }
        double covered = 0;
        for (Map.Entry<String, Double> e : energyShares.entrySet()) {
            if (fluidOf(e.getKey(), p) == fluid) {
                covered += e.getValue();
            }
        }
        return covered == 0 || fluidOf(usage, p) != fluid ? 0 : energyShares.get(usage) / covered;
    }

    static String resource(String name) {
        try (InputStream in = Ecogestures.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
