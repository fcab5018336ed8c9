package org.ecofoyer.core;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A registered meter, as the {@code meter} table holds it (with its household's time zone, in which its days count).
 *
 * @param id            {@code meter.id}, the compact key of the time-series tables
 * @param code          its public code
 * @param household     the household it belongs to
 * @param fluid         what it measures (for a meter registered through {@code storage.Meters}, its kind's fluid)
 * @param kind          how it is read
 * @param externalId    the utility's id for it (PRM or Linky serial, PCE, water contract), or null; a
 *                      {@code (fluid, externalId)} pair belongs to one meter at a time
 * @param tariffOption  as stored: an electricity meter's option in any spelling {@link TariffOption#parse} reads (null:
 *                      BASE), or the price table of a gas or water meter
 * @param subscribedKva the subscription level, or null when unknown or not applicable
 * @param zone          its household's time zone
 * @param createdAt     when it was registered
 */
public record Meter(int id, MeterCode code, HouseholdId household, Fluid fluid, MeterKind kind, String externalId,
                    String tariffOption, Integer subscribedKva, ZoneId zone, Instant createdAt) {
    /** The highest subscription a residential (C5) electricity meter has; the regulated levels run from 3 kVA. */
    public static final int MAX_SUBSCRIBED_KVA = 36;

    public Meter {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(household, "household");
        Objects.requireNonNull(fluid, "fluid");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
