package org.ecofoyer.drivers.utility;

import java.util.Optional;
import org.ecofoyer.core.MeterKind;

/** The utilities whose APIs Ecofoyer reads, with the name households know them by and the kind of meter each serves. */
public enum Utility {
    GRDF("GRDF (Gazpar)", MeterKind.GAZPAR),
    ENEDIS("Enedis (Linky)", MeterKind.ENEDIS_API),
    TELEO("Eau du Grand Lyon (Téléo)", MeterKind.TELEO);

    private final String displayName;
    private final MeterKind kind;

    Utility(String displayName, MeterKind kind) {
        this.displayName = displayName;
        this.kind = kind;
    }

    public String displayName() {
        return displayName;
    }

    /** The kind of the meters this utility's API reads. */
    public MeterKind kind() {
        return kind;
    }

    /** The utility that reads meters of a kind; empty for a kind read from a gateway (LINKY_TIC). */
    public static Optional<Utility> of(MeterKind kind) {
        for (Utility u : values()) {
            if (u.kind == kind) {
                return Optional.of(u);
            }
        }
        return Optional.empty();
    }
}
