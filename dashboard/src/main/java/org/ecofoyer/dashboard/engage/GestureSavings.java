package org.ecofoyer.dashboard.engage;

/** A gesture's yearly saving: the household's year of the fluid × the usage's share × the gesture's %. Pure. */
public final class GestureSavings {
    private GestureSavings() {
    }

    /**
     * @param quantity a year's saving in the fluid's unit (kWh or litres)
     * @param eur      the same at the household's own average price over the year, or null without a price
     */
    public record Saving(double quantity, Double eur) {
    }

    public static Saving of(double yearlyQuantity, double share, double pct, Double eurPerUnit) {
        double q = yearlyQuantity * share * pct / 100;
        return new Saving(q, eurPerUnit == null ? null : q * eurPerUnit);
    }

    /** A year from {@code days} days of data (at least 28, else null: too little to say). */
    public static Double yearly(double quantity, int days) {
        return days < 28 ? null : quantity * 365.0 / days;
    }
}
