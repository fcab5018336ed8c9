package org.ecofoyer.aggregation;

import java.util.Locale;
import java.util.Map;

/** Electricity tariff options, with the default meaning of the standard TIC supplier registers (EASF01..). */
public enum TariffOption {
    BASE(Map.of("SUPPLIER_01", "BASE")),
    HPHC(Map.of("SUPPLIER_01", "HC", "SUPPLIER_02", "HP")),
    TEMPO(Map.of("SUPPLIER_01", "TEMPO_BLUE_HC", "SUPPLIER_02", "TEMPO_BLUE_HP", "SUPPLIER_03", "TEMPO_WHITE_HC",
            "SUPPLIER_04", "TEMPO_WHITE_HP", "SUPPLIER_05", "TEMPO_RED_HC", "SUPPLIER_06", "TEMPO_RED_HP")),
    EJP(Map.of("SUPPLIER_01", "EJP_HN", "SUPPLIER_02", "EJP_HPM"));

    private final Map<String, String> supplierRegisters;

    TariffOption(Map<String, String> supplierRegisters) {
        this.supplierRegisters = supplierRegisters;
    }

    /** The default period of a register ({@code SUPPLIER_02} → {@code HP} for HPHC); historique names are periods. */
    public String defaultPeriod(String register) {
        return supplierRegisters.getOrDefault(register, register);
    }

    /**
     * Reads {@code meter.tariff_option} and the TIC OPTARIF / NGTF spellings: base, hphc, hc, tempo, bbr, ejp;
     * {@code null} or blank is BASE.
     */
    public static TariffOption parse(String s) {
        if (s == null || s.isBlank()) {
            return BASE;
        }
        String v = s.trim().toUpperCase(Locale.ROOT).replaceAll("[^A-Z]", "");
        if (v.startsWith("BASE") || v.equals("BA")) {
            return BASE;
        }
        if (v.startsWith("HPHC") || v.startsWith("HC") || v.contains("CREUSE")) {
            return HPHC;
        }
        if (v.startsWith("TEMPO") || v.startsWith("BBR")) {
            return TEMPO;
        }
        if (v.startsWith("EJP")) {
            return EJP;
        }
        throw new IllegalArgumentException("tariff option: expected base, hphc, tempo or ejp, got '" + s + "'");
    }
}
