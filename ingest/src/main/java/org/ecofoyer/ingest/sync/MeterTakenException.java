package org.ecofoyer.ingest.sync;

/**
 * A meter's external id (PRM, PCE, water meter number) is already held by another meter: it belongs to one household
 * at a time. {@link #getMessage()} names the holder (for the operator's CLI); {@link #householdMessage()} does not (for
 * a household, who must not learn where another household's meter is).
 */
public final class MeterTakenException extends IllegalArgumentException {
    private final String fluid;
    private final String externalId;

    public MeterTakenException(String fluid, String externalId, String holderHousehold, String holderMeter) {
        super(fluid.toLowerCase(java.util.Locale.ROOT) + " meter " + externalId + " already belongs to household '" + holderHousehold
                + "' (meter " + holderMeter + "); a meter belongs to one household at a time: remove it from that household first");
        this.fluid = fluid;
        this.externalId = externalId;
    }

    public String householdMessage() {
        return "This " + fluid.toLowerCase(java.util.Locale.ROOT) + " meter (" + externalId + ") is already connected to another"
                + " household. If it is yours (you moved in, say), ask your operator to detach it from the previous household.";
    }
}
