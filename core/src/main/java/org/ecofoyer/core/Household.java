package org.ecofoyer.core;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A household, as the {@code household} table holds it.
 *
 * @param id         its id
 * @param name       its name, or null
 * @param zone       its time zone, in which its days count
 * @param surfaceM2  its living area in m², or null when unknown
 * @param occupants  how many people live there, or null when unknown
 * @param heating    how it is heated, in words, or null
 * @param createdAt  when it was created
 */
public record Household(HouseholdId id, String name, ZoneId zone, Double surfaceM2, Integer occupants, String heating,
                        Instant createdAt) {
    public Household {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
