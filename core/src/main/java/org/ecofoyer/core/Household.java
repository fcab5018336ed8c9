package org.ecofoyer.core;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A household, as the {@code household} table holds it.
 *
 * @param id        its id
 * @param name      its name, or null
 * @param zone      its time zone, in which its days count
 * @param profile   what it told about its home ({@link HouseholdProfile#EMPTY} when nothing)
 * @param heating   how it is heated, in words, or null (free text from before the profile; the profile's fields are typed)
 * @param createdAt when it was created
 */
public record Household(HouseholdId id, String name, ZoneId zone, HouseholdProfile profile, String heating, Instant createdAt) {
    public Household {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** Its living area in m², or null when unknown. */
    public Double surfaceM2() {
        return profile.surfaceM2();
    }

    /** How many people live there, or null when unknown. */
    public Integer occupants() {
        return profile.occupants();
    }
}
