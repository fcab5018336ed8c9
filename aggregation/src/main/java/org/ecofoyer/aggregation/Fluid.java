package org.ecofoyer.aggregation;

/** What a meter measures; the {@code meter.fluid} column. Electricity and gas are reported in kWh, water in litres. */
public enum Fluid {
    ELECTRICITY("kWh"), GAS("kWh"), WATER("L");

    private final String unit;

    Fluid(String unit) {
        this.unit = unit;
    }

    /** The unit of the query service's quantities for this fluid. */
    public String unit() {
        return unit;
    }

    /** How many stored base units (Wh or litres) make one reported unit. */
    public double baseUnitsPerUnit() {
        return this == WATER ? 1 : 1000;
    }
}
