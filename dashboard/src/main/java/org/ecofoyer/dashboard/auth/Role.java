package org.ecofoyer.dashboard.auth;

import java.util.Locale;

/** What an account may do (DESIGN §7). */
public enum Role {
    /** Reads and manages its own household's data. */
    HOUSEHOLD,
    /** Reads a household's data only through that household's live consent. */
    ADVISOR,
    /** Commissions the gateways it was assigned. */
    INSTALLER,
    /** Administers the service; does not browse households' consumption without consent. */
    OPERATOR;

    /** Parses {@code household}, {@code HOUSEHOLD}...; throws with the accepted values otherwise. */
    public static Role parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown role '" + s + "': expected household, advisor, installer or operator");
        }
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
