package org.ecofoyer.core;

/**
 * The named periods of the electricity tariff options: a register of a historique Linky is one of them
 * ({@code index.HC}), the tariff calendar places every half-hour of a total index in one, and prices are filed under
 * them. Their {@link #name()} is what is stored (channel suffix, {@code rollup.period}, {@code price.period}). A
 * standard Linky's supplier registers ({@code SUPPLIER_01}...) take the period their {@link TariffOption} gives them.
 */
public enum TariffPeriod {
    BASE,
    HC, HP,
    TEMPO_BLUE_HC, TEMPO_BLUE_HP, TEMPO_WHITE_HC, TEMPO_WHITE_HP, TEMPO_RED_HC, TEMPO_RED_HP,
    /** EJP normal hours. */
    EJP_HN,
    /** EJP mobile peak hours (07:00 → 01:00 on a peak day). */
    EJP_HPM;

    /** The Tempo period of a colour, off-peak ({@code HC}) or not ({@code HP}). */
    public static TariffPeriod tempo(TempoColour colour, boolean offPeak) {
        return switch (colour) {
            case BLUE -> offPeak ? TEMPO_BLUE_HC : TEMPO_BLUE_HP;
            case WHITE -> offPeak ? TEMPO_WHITE_HC : TEMPO_WHITE_HP;
            case RED -> offPeak ? TEMPO_RED_HC : TEMPO_RED_HP;
        };
    }
}
