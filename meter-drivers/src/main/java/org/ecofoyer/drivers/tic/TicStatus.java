package org.ecofoyer.drivers.tic;

import java.util.Optional;
import org.ecofoyer.core.TempoColour;

/**
 * The standard-mode status register STGE (§6.2.3.14), decoded field by field. {@code raw} is the 32-bit value of the
 * 8 hex characters.
 */
public record TicStatus(long raw) {
    /** Cut-off device state (bits 1-3). */
    public enum CutOff {
        CLOSED, OPEN_OVERPOWER, OPEN_OVERVOLTAGE, OPEN_LOAD_SHEDDING, OPEN_CPL_OR_EURIDIS_ORDER, OPEN_OVERHEAT_ABOVE_MAX_CURRENT,
        OPEN_OVERHEAT_BELOW_MAX_CURRENT, UNKNOWN_7
    }

    /** Euridis output state (bits 19-20). */
    public enum Euridis { DISABLED, ENABLED_WITHOUT_SECURITY, UNKNOWN_2, ENABLED_WITH_SECURITY }

    /** CPL (power-line) status (bits 21-22). */
    public enum Cpl { NEW_UNLOCK, NEW_LOCK, REGISTERED, UNKNOWN_3 }

    /** Parses the 8 hex characters of STGE. */
    public static Optional<TicStatus> parse(String hex) {
        if (hex.length() != 8) {
            return Optional.empty();
        }
        for (int i = 0; i < 8; i++) {
            if (!TicLabel.Charset.HEX.accepts(hex.charAt(i))) {
                return Optional.empty();
            }
        }
        return Optional.of(new TicStatus(Long.parseLong(hex, 16)));
    }

    private int bits(int from, int count) {
        return (int) ((raw >>> from) & ((1L << count) - 1));
    }

    /** Bit 0: the dry contact is open. */
    public boolean dryContactOpen() {
        return bits(0, 1) == 1;
    }

    public CutOff cutOff() {
        return CutOff.values()[bits(1, 3)];
    }

    /** Bit 4: the distributor terminal cover is open. */
    public boolean terminalCoverOpen() {
        return bits(4, 1) == 1;
    }

    /** Bit 6: over-voltage on a phase. */
    public boolean overVoltage() {
        return bits(6, 1) == 1;
    }

    /** Bit 7: reference power exceeded. */
    public boolean overReferencePower() {
        return bits(7, 1) == 1;
    }

    /** Bit 8: the meter works as a producer. */
    public boolean producer() {
        return bits(8, 1) == 1;
    }

    /** Bit 9: active energy flows negative (injection). */
    public boolean negativeActiveEnergy() {
        return bits(9, 1) == 1;
    }

    /** Bits 10-13: the supplier register energy goes to now, 1..10 (EASF01..EASF10). */
    public int supplierRegister() {
        return bits(10, 4) + 1;
    }

    /** Bits 14-15: the distributor register energy goes to now, 1..4 (EASD01..EASD04). */
    public int distributorRegister() {
        return bits(14, 2) + 1;
    }

    /** Bit 16: the meter clock is degraded. */
    public boolean clockDegraded() {
        return bits(16, 1) == 1;
    }

    /** Bit 17: the TIC is in standard mode (0 historique). */
    public boolean standardMode() {
        return bits(17, 1) == 1;
    }

    public Euridis euridis() {
        return Euridis.values()[bits(19, 2)];
    }

    public Cpl cpl() {
        return Cpl.values()[bits(21, 2)];
    }

    /** Bit 23: CPL synchronised. */
    public boolean cplSynchronised() {
        return bits(23, 1) == 1;
    }

    /** Bits 24-25: today's Tempo colour (empty: no announcement, i.e. not a Tempo contract). */
    public Optional<TempoColour> tempoToday() {
        return TempoColour.ofCode(bits(24, 2));
    }

    /** Bits 26-27: tomorrow's Tempo colour (empty until announced). */
    public Optional<TempoColour> tempoTomorrow() {
        return TempoColour.ofCode(bits(26, 2));
    }

    /** Bits 28-29: mobile peak notice in progress, 0 none, 1..3 PM1..PM3. */
    public int mobilePeakNotice() {
        return bits(28, 2);
    }

    /** Bits 30-31: mobile peak in progress, 0 none, 1..3 PM1..PM3. */
    public int mobilePeak() {
        return bits(30, 2);
    }
}
