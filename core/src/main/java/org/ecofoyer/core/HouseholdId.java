package org.ecofoyer.core;

/**
 * A household's id (the {@code household.id} column): any text a person or a tool chose, except empty or blank, or
 * with a control character.
 */
public record HouseholdId(String value) {
    public HouseholdId {
        Ids.check("household id", value);
    }

    @Override
    public String toString() {
        return value;
    }
}
