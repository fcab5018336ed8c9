-- A household's profile (issue #15): what it tells about its home so that its consumption can be compared fairly
-- (per m², weather-corrected, with similar homes). Every column optional; surface_m2 and occupants already exist.
-- The values are the names of core's HouseholdProfile enums, checked in Java where they are typed.
ALTER TABLE household
    ADD COLUMN heating_energy      text,
    ADD COLUMN heating_system      text,
    ADD COLUMN hot_water           text,
    ADD COLUMN construction_period text,
    ADD COLUMN postcode            text,
    ADD COLUMN weather_station     text;
