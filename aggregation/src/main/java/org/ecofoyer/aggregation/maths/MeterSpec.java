package org.ecofoyer.aggregation.maths;

import java.time.ZoneId;
import org.ecofoyer.core.Fluid;
import org.ecofoyer.core.TariffOption;

/**
 * What the rollup of one meter needs to know about it.
 *
 * @param id          {@code meter.id}
 * @param fluid       what it measures
 * @param option      electricity tariff option (BASE for gas and water)
 * @param priceOption the option its prices are filed under (BASE, HPHC, TEMPO, EJP; gas PRIX_REPERE; water GRAND_LYON)
 * @param kva         subscription level (0 unknown or not applicable)
 * @param zone        the household's time zone
 */
public record MeterSpec(int id, Fluid fluid, TariffOption option, String priceOption, int kva, ZoneId zone) {
    public static final String GAS_DEFAULT_OPTION = "PRIX_REPERE";
    public static final String WATER_DEFAULT_OPTION = "GRAND_LYON";

    /** From the {@code meter} columns: for gas and water the tariff option names the price table. */
    public static MeterSpec of(int id, Fluid fluid, String tariffOption, Integer kva, ZoneId zone) {
        int level = kva == null ? 0 : kva;
        return switch (fluid) {
            case ELECTRICITY -> {
                TariffOption o = TariffOption.parse(tariffOption);
                yield new MeterSpec(id, fluid, o, o.name(), level, zone);
            }
            case GAS -> new MeterSpec(id, fluid, TariffOption.BASE, blank(tariffOption) ? GAS_DEFAULT_OPTION : tariffOption, level, zone);
            case WATER -> new MeterSpec(id, fluid, TariffOption.BASE, blank(tariffOption) ? WATER_DEFAULT_OPTION : tariffOption, level, zone);
        };
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
