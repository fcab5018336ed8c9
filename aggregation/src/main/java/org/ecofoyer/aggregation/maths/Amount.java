package org.ecofoyer.aggregation.maths;

import org.ecofoyer.core.Fluid;

/**
 * A quantity and what it cost.
 *
 * @param quantity in the fluid's unit ({@link Fluid#unit()}: kWh or litres)
 * @param costEur  euros TTC, or {@code null} when no price was known for part of it
 */
public record Amount(double quantity, Double costEur) {
}
