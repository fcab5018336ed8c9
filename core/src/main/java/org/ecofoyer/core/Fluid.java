package org.ecofoyer.core;

/**
 * What a meter measures; the {@code meter.fluid} column. Values are stored as integers in the fluid's base unit and
 * reported in its unit: electricity and gas in Wh, reported in kWh (gas is converted from its volume by the day's
 * coefficient; the volume is kept too, in litres, i.e. dm³), water in litres.
 */
public enum Fluid {
    ELECTRICITY("Wh", "kWh", 1000), GAS("Wh", "kWh", 1000), WATER("L", "L", 1);

    private final String baseUnit;
    private final String unit;
    private final int baseUnitsPerUnit;

    Fluid(String baseUnit, String unit, int baseUnitsPerUnit) {
        this.baseUnit = baseUnit;
        this.unit = unit;
        this.baseUnitsPerUnit = baseUnitsPerUnit;
    }

    /** The unit of the stored integers: Wh, or litres for water. */
    public String baseUnit() {
        return baseUnit;
    }

    /** The unit quantities are reported in (query service, export): kWh, or litres for water. */
    public String unit() {
        return unit;
    }

    /** How many stored base units (Wh or litres) make one reported unit. */
    public double baseUnitsPerUnit() {
        return baseUnitsPerUnit;
    }
}
