package org.ecofoyer.drivers.utility;

/** The utilities whose APIs Ecofoyer reads, with the name households know them by. */
public enum Utility {
    GRDF("GRDF (Gazpar)"),
    ENEDIS("Enedis (Linky)"),
    TELEO("Eau du Grand Lyon (Téléo)");

    private final String displayName;

    Utility(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }
}
