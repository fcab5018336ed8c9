package org.ecofoyer.core;

import java.util.EnumSet;
import java.util.Set;

/**
 * How Ecofoyer reads a meter; the {@code meter.kind} column. Each kind measures one {@link Fluid}: a Linky read through
 * its TIC output (serial or MQTT gateway) or through Enedis' API, a Gazpar gas meter through GRDF's, a Téléo water
 * meter through Eau du Grand Lyon's.
 */
public enum MeterKind {
    LINKY_TIC(Fluid.ELECTRICITY),
    ENEDIS_API(Fluid.ELECTRICITY),
    GAZPAR(Fluid.GAS),
    TELEO(Fluid.WATER);

    private final Fluid fluid;

    MeterKind(Fluid fluid) {
        this.fluid = fluid;
    }

    /** What a meter of this kind measures. */
    public Fluid fluid() {
        return fluid;
    }

    /** Whether its data comes from a utility's API (synced daily) rather than from a gateway. */
    public boolean fromUtility() {
        return switch (this) {
            case LINKY_TIC -> false;
            case ENEDIS_API, GAZPAR, TELEO -> true;
        };
    }

    /** The kinds synced from a utility's API: ENEDIS_API, GAZPAR, TELEO. */
    public static Set<MeterKind> utilities() {
        Set<MeterKind> out = EnumSet.noneOf(MeterKind.class);
        for (MeterKind k : values()) {
            if (k.fromUtility()) {
                out.add(k);
            }
        }
        return out;
    }
}
