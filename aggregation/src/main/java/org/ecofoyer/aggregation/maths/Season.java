package org.ecofoyer.aggregation.maths;

import java.time.LocalDate;

/** Meteorological seasons (whole months), in which standby is compared: winter is December to February. */
public enum Season {
    WINTER, SPRING, SUMMER, AUTUMN;

    public static Season of(LocalDate day) {
        return switch (day.getMonthValue()) {
            case 12, 1, 2 -> WINTER;
            case 3, 4, 5 -> SPRING;
            case 6, 7, 8 -> SUMMER;
            default -> AUTUMN;
        };
    }
}
