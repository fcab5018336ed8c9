-- Per meter, the instant before which retention has already removed raw readings (none until it first removes some).
-- Rollups before it can no longer be rebuilt from raw data: they are the permanent record there (docs/architecture.md,
-- "History is never lost"). Written by the retention before it deletes, so it is never later than what is gone.
CREATE TABLE raw_horizon (
    meter_id  integer     PRIMARY KEY REFERENCES meter (id) ON DELETE CASCADE,
    horizon   timestamptz NOT NULL
);
