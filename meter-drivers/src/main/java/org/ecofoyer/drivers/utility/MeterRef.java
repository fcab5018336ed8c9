package org.ecofoyer.drivers.utility;

import java.time.ZoneId;
import java.util.Objects;

/**
 * A meter as a utility client needs it.
 *
 * @param code       the meter's Ecofoyer code (the {@link org.ecofoyer.drivers.Reading#meter()} of its readings)
 * @param externalId the utility's id: PCE (GRDF), PRM / usage point (Enedis), contract id (Téléo)
 * @param zone       the household's time zone, in which utility dates and wall-clock times are read
 */
public record MeterRef(String code, String externalId, ZoneId zone) {
    public MeterRef {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(externalId, "externalId");
        zone = zone == null ? ZoneId.of("Europe/Paris") : zone;
    }
}
