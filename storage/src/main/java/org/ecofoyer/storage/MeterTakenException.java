package org.ecofoyer.storage;

import java.util.Locale;
import org.ecofoyer.core.Fluid;

/**
 * A meter's external id (PRM, PCE, water meter number) is already held by another meter: it belongs to one household
 * at a time ({@link Meters} refuses it for every creator; the unique index on {@code (fluid, external_id)} backs it).
 * {@link #getMessage()} names the holder (for the operator's CLI); {@link #householdMessage()} does not (for a
 * household, who must not learn where another household's meter is).
 */
public final class MeterTakenException extends IllegalArgumentException {
    private final Fluid fluid;
    private final String externalId;

    public MeterTakenException(Fluid fluid, String externalId, String holderHousehold, String holderMeter) {
        super(name(fluid) + " meter " + externalId + " already belongs to household '" + holderHousehold
                + "' (meter " + holderMeter + "); a meter belongs to one household at a time: remove it from that household first");
        this.fluid = fluid;
        this.externalId = externalId;
    }

    public String householdMessage() {
        return "This " + name(fluid) + " meter (" + externalId + ") is already connected to another"
                + " household. If it is yours (you moved in, say), ask your operator to detach it from the previous household.";
    }

    private static String name(Fluid fluid) {
        return fluid.name().toLowerCase(Locale.ROOT);
    }
}
