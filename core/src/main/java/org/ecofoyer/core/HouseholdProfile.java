package org.ecofoyer.core;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a household tells about its home, so that its consumption can be read fairly (per m², weather-corrected, next to
 * similar homes). Every field is optional: a household that says nothing still gets every chart, only the comparisons
 * that need a field say it is missing.
 *
 * @param surfaceM2          living area in m² (5 to 10 000), or null
 * @param occupants          how many people live there (1 to 30), or null
 * @param heatingEnergy      the main heating energy, or null
 * @param heatingSystem      how that energy heats the home, or null
 * @param hotWater           how water is heated, or null
 * @param constructionPeriod when the home was built (by French thermal regulation era), or null
 * @param postcode           French postcode (5 digits, or 2A/2B and 3 digits for Corsica), or null
 * @param weatherStation     the degree-day series (zone of {@code ecofoyer tariff dju}) closest to the home, or null
 */
public record HouseholdProfile(Double surfaceM2, Integer occupants, HeatingEnergy heatingEnergy, HeatingSystem heatingSystem,
                               HotWater hotWater, ConstructionPeriod constructionPeriod, String postcode, String weatherStation) {
    /** Nothing said. */
    public static final HouseholdProfile EMPTY = new HouseholdProfile(null, null, null, null, null, null, null, null);

    private static final Pattern POSTCODE = Pattern.compile("[0-9]{5}|2[AB][0-9]{3}");

    public HouseholdProfile {
        if (surfaceM2 != null && !(surfaceM2 >= 5 && surfaceM2 <= 10_000)) {
            throw new IllegalArgumentException("surfaceM2: from 5 to 10000 m², got " + surfaceM2);
        }
        if (occupants != null && (occupants < 1 || occupants > 30)) {
            throw new IllegalArgumentException("occupants: from 1 to 30, got " + occupants);
        }
        if (postcode != null && !POSTCODE.matcher(postcode).matches()) {
            throw new IllegalArgumentException("postcode: 5 digits (2A/2B and 3 digits in Corsica)");
        }
        if (weatherStation != null) {
            Ids.check("weatherStation", weatherStation);
            if (weatherStation.length() > 64) {
                throw new IllegalArgumentException("weatherStation: at most 64 characters");
            }
        }
    }

    /** The home's département (first two characters of the postcode), or null. */
    public String departement() {
        return postcode == null ? null : postcode.substring(0, 2);
    }

    /** The main energy used for heating. */
    public enum HeatingEnergy {
        ELECTRICITY, GAS, FUEL_OIL, WOOD, DISTRICT_HEATING, OTHER;

        public static HeatingEnergy parse(String s) {
            return Enums.parse(HeatingEnergy.class, "heatingEnergy", s);
        }
    }

    /** How the heating energy is turned into heat. */
    public enum HeatingSystem {
        DIRECT_ELECTRIC, HEAT_PUMP, BOILER, CONDENSING_BOILER, STOVE, DISTRICT, OTHER;

        public static HeatingSystem parse(String s) {
            return Enums.parse(HeatingSystem.class, "heatingSystem", s);
        }
    }

    /** How water is heated. */
    public enum HotWater {
        ELECTRIC_TANK, HEAT_PUMP_TANK, GAS_BOILER, SOLAR, OTHER;

        public static HotWater parse(String s) {
            return Enums.parse(HotWater.class, "hotWater", s);
        }
    }

    /** When the home was built, by the French thermal regulations that shaped it (none before 1975, RT 1974 ... RE 2020). */
    public enum ConstructionPeriod {
        BEFORE_1975, FROM_1975_TO_1989, FROM_1990_TO_2005, FROM_2006_TO_2012, FROM_2013_TO_2021, FROM_2022;

        public static ConstructionPeriod parse(String s) {
            return Enums.parse(ConstructionPeriod.class, "constructionPeriod", s);
        }
    }

    /** Parsing of the stored and sent names ({@code gas}, {@code GAS}); null stays null. */
    static final class Enums {
        private Enums() {
        }

        static <E extends Enum<E>> E parse(Class<E> type, String what, String s) {
            if (s == null) {
                return null;
            }
            try {
                return Enum.valueOf(type, s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                StringBuilder names = new StringBuilder();
                for (E v : type.getEnumConstants()) {
                    names.append(names.isEmpty() ? "" : ", ").append(v.name().toLowerCase(Locale.ROOT));
                }
                throw new IllegalArgumentException(what + ": one of " + names);
            }
        }
    }
}
