package org.ecofoyer.core;

import java.util.Locale;
import java.util.Map;

/**
 * Electricity tariff options, with the default meaning of a standard Linky's supplier registers (EASF01..) under each.
 * Gas and water meters have none: their {@code meter.tariff_option} names a price table instead.
 */
public enum TariffOption {
    BASE(Map.of("SUPPLIER_01", TariffPeriod.BASE)),
    HPHC(Map.of("SUPPLIER_01", TariffPeriod.HC, "SUPPLIER_02", TariffPeriod.HP)),
    TEMPO(Map.of("SUPPLIER_01", TariffPeriod.TEMPO_BLUE_HC, "SUPPLIER_02", TariffPeriod.TEMPO_BLUE_HP,
            "SUPPLIER_03", TariffPeriod.TEMPO_WHITE_HC, "SUPPLIER_04", TariffPeriod.TEMPO_WHITE_HP,
            "SUPPLIER_05", TariffPeriod.TEMPO_RED_HC, "SUPPLIER_06", TariffPeriod.TEMPO_RED_HP)),
    EJP(Map.of("SUPPLIER_01", TariffPeriod.EJP_HN, "SUPPLIER_02", TariffPeriod.EJP_HPM));

    private final Map<String, TariffPeriod> supplierRegisters;

    TariffOption(Map<String, TariffPeriod> supplierRegisters) {
        this.supplierRegisters = supplierRegisters;
    }

    /** The default period of a register ({@code SUPPLIER_02} → {@code HP} for HPHC); historique names are periods. */
    public String defaultPeriod(String register) {
        TariffPeriod p = supplierRegisters.get(register);
        return p == null ? register : p.name();
    }

    /** A number for the option (1 BASE, 2 HPHC, 3 TEMPO, 4 EJP): the value of {@link Channels#CONTRACT_OPTION}. */
    public int code() {
        return ordinal() + 1;
    }

    /** The option of {@link #code()}. */
    public static TariffOption ofCode(long code) {
        TariffOption[] all = values();
        if (code < 1 || code > all.length) {
            throw new IllegalArgumentException("tariff option code: expected 1 to " + all.length + ", got " + code);
        }
        return all[(int) code - 1];
    }

    /**
     * Reads {@code meter.tariff_option} and the TIC OPTARIF / NGTF spellings: base, hphc, hc, tempo, bbr, ejp;
     * {@code null} or blank is BASE.
     */
    public static TariffOption parse(String s) {
        if (s == null || s.isBlank()) {
            return BASE;
        }
        String v = lettersOnly(s.toUpperCase(Locale.ROOT));
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

    /** The letters A-Z of {@code s}, in order: "H PLEINE/CREUSE" is HPLEINECREUSE (every TIC frame comes here). */
    private static String lettersOnly(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * Reads an option by its name only, in any case ({@code hphc}, {@code TEMPO}), for command-line choices where the
     * meter spellings {@link #parse} accepts would only hide a typo.
     */
    public static TariffOption named(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown option '" + s + "': expected base, hphc, tempo or ejp");
        }
    }
}
